CREATE TABLE `designated_counts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`as_of` text NOT NULL,
	`count` integer NOT NULL,
	`source` text,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `designated_counts_region_as_of` ON `designated_counts` (`region_id`,`as_of`);