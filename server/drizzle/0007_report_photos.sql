CREATE TABLE `photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_kind` text NOT NULL,
	`owner_id` integer NOT NULL,
	`file` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `photos_file_unique` ON `photos` (`file`);--> statement-breakpoint
CREATE INDEX `photos_owner` ON `photos` (`owner_kind`,`owner_id`);--> statement-breakpoint
ALTER TABLE `reports` ADD `public_note` text;