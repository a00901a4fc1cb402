CREATE TABLE `catalog_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`row_count` integer NOT NULL,
	`added_count` integer DEFAULT 0 NOT NULL,
	`removed_count` integer DEFAULT 0 NOT NULL,
	`changed_count` integer DEFAULT 0 NOT NULL,
	`skipped_count` integer DEFAULT 0 NOT NULL,
	`publisher` text NOT NULL,
	`published_at` text NOT NULL,
	`status` text NOT NULL,
	`restored_from` integer,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`policy` text DEFAULT '{}' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_slug_unique` ON `regions` (`slug`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`code` text NOT NULL,
	`generic_name` text NOT NULL,
	`product_name` text NOT NULL,
	`dosage_form` text NOT NULL,
	`spec` text NOT NULL,
	`conversion_ratio` integer NOT NULL,
	`min_unit` text NOT NULL,
	`pack_unit` text NOT NULL,
	`packaging` text,
	`maker` text NOT NULL,
	`bidder` text,
	`winning_price_fen` integer NOT NULL,
	`approval_no` text,
	`brand_name` text,
	`recommended` integer DEFAULT false NOT NULL,
	`special` integer DEFAULT false NOT NULL,
	`therapeutic_area` text,
	`listed_at` text NOT NULL,
	`removed_at` text,
	`version_id` integer,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `catalog_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_region_code` ON `products` (`region_id`,`code`);--> statement-breakpoint
CREATE INDEX `products_region_generic` ON `products` (`region_id`,`generic_name`);--> statement-breakpoint
CREATE TABLE `badges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`kind` text NOT NULL,
	`granted_at` text NOT NULL,
	`removed_at` text,
	`reason` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `badges_institution` ON `badges` (`institution_id`);--> statement-breakpoint
CREATE TABLE `institutions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`credit_code` text,
	`address` text NOT NULL,
	`city` text,
	`district` text,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`phone` text,
	`hours` text,
	`special_designated` integer DEFAULT false NOT NULL,
	`commitment` text,
	`legal_representative` text,
	`contact_name` text,
	`joined_at` text,
	`listed_at` text NOT NULL,
	`removed_at` text,
	`version_id` integer,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `catalog_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `institutions_region_code` ON `institutions` (`region_id`,`code`);--> statement-breakpoint
CREATE INDEX `institutions_lat_lng` ON `institutions` (`lat`,`lng`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`selling_price_fen` integer NOT NULL,
	`online_price_fen` integer,
	`stock_state` text DEFAULT 'unknown' NOT NULL,
	`stock_count` integer,
	`observed_at` text NOT NULL,
	`recorded_at` text NOT NULL,
	`source` text NOT NULL,
	`version_id` integer,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `catalog_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_institution_product` ON `offers` (`institution_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `offers_product` ON `offers` (`product_id`);--> statement-breakpoint
CREATE TABLE `price_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`selling_price_fen` integer NOT NULL,
	`online_price_fen` integer,
	`observed_at` text NOT NULL,
	`recorded_at` text NOT NULL,
	`source` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `price_history_offer` ON `price_history` (`institution_id`,`product_id`,`observed_at`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`institution_id` integer,
	`label` text,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`institution_id` integer NOT NULL,
	`product_id` integer,
	`kind` text NOT NULL,
	`observed_price_fen` integer,
	`note` text,
	`contact` text,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution` text,
	`resolution_note` text,
	`created_at` text NOT NULL,
	`resolved_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_reference_unique` ON `reports` (`reference`);--> statement-breakpoint
CREATE INDEX `reports_institution` ON `reports` (`institution_id`);