CREATE TABLE `open_datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`format` text NOT NULL,
	`path` text NOT NULL,
	`row_count` integer NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`published_at` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `open_datasets_file` ON `open_datasets` (`region_id`,`version`,`kind`,`format`);--> statement-breakpoint
CREATE INDEX `open_datasets_published` ON `open_datasets` (`published_at`);