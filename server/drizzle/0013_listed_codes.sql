CREATE TABLE `listed_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`listed_id` integer NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`listed_id`) REFERENCES `listed_prices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listed_codes_listed_kind_code` ON `listed_codes` (`listed_id`,`kind`,`code`);--> statement-breakpoint
CREATE INDEX `listed_codes_region_kind_code` ON `listed_codes` (`region_id`,`kind`,`code`);