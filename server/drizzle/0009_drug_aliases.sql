CREATE TABLE `drug_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`stem` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`maker` text,
	`form` text,
	`listed_at` text NOT NULL,
	`removed_at` text,
	`version_id` integer,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `catalog_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drug_aliases_region_stem_name` ON `drug_aliases` (`region_id`,`stem`,`name`);