DROP INDEX `offers_product`;--> statement-breakpoint
CREATE INDEX `offers_product_nearby` ON `offers` (`product_id`,`institution_id`,`selling_price_fen`,`stock_state`);