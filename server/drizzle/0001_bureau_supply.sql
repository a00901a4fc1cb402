CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`order_no` text NOT NULL,
	`distributor` text NOT NULL,
	`institution_id` integer,
	`product_id` integer,
	`ordered_qty` integer,
	`delivered_qty` integer,
	`ordered_at` text NOT NULL,
	`delivered_at` text,
	`source` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_region_distributor` ON `deliveries` (`region_id`,`distributor`);--> statement-breakpoint
CREATE INDEX `deliveries_order` ON `deliveries` (`distributor`,`order_no`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`credit_code` text NOT NULL,
	`legal_representative` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`commitment` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `memberships_institution` ON `memberships` (`institution_id`);--> statement-breakpoint
CREATE TABLE `shortages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`since` text NOT NULL,
	`evidence` text NOT NULL,
	`reported_at` text NOT NULL,
	`reported_by` text NOT NULL,
	`resolved_at` text,
	`resolution_note` text,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shortages_region_product` ON `shortages` (`region_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `shortages_institution` ON `shortages` (`institution_id`);