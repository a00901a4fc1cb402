CREATE TABLE `policy_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`policy` text NOT NULL,
	`summary` text NOT NULL,
	`publisher` text NOT NULL,
	`published_at` text NOT NULL,
	`status` text NOT NULL,
	`restored_from` integer,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `badges` ADD `origin` text DEFAULT 'command' NOT NULL;--> statement-breakpoint
ALTER TABLE `institutions` ADD `price_index_met` integer;