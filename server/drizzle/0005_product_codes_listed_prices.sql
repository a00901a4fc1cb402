CREATE TABLE `listed_prices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`code` text NOT NULL,
	`generic_name` text NOT NULL,
	`brand_name` text,
	`dosage_form` text NOT NULL,
	`spec` text NOT NULL,
	`conversion_ratio` integer NOT NULL,
	`maker` text NOT NULL,
	`listed_price_fen` integer NOT NULL,
	`original` integer DEFAULT false NOT NULL,
	`consistency` integer,
	`listed_at` text NOT NULL,
	`removed_at` text,
	`version_id` integer,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `catalog_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listed_prices_region_code` ON `listed_prices` (`region_id`,`code`);--> statement-breakpoint
CREATE INDEX `listed_prices_region_generic` ON `listed_prices` (`region_id`,`generic_name`);--> statement-breakpoint
CREATE TABLE `product_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_codes_product_kind_code` ON `product_codes` (`product_id`,`kind`,`code`);--> statement-breakpoint
CREATE INDEX `product_codes_region_kind_code` ON `product_codes` (`region_id`,`kind`,`code`);