CREATE TABLE "listed_prices" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"code" text NOT NULL,
	"generic_name" text NOT NULL,
	"brand_name" text,
	"dosage_form" text NOT NULL,
	"spec" text NOT NULL,
	"conversion_ratio" integer NOT NULL,
	"maker" text NOT NULL,
	"listed_price_fen" integer NOT NULL,
	"original" integer DEFAULT 0 NOT NULL,
	"consistency" integer,
	"listed_at" text NOT NULL,
	"removed_at" text,
	"version_id" integer
);
--> statement-breakpoint
CREATE TABLE "product_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listed_prices" ADD CONSTRAINT "listed_prices_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listed_prices" ADD CONSTRAINT "listed_prices_version_id_catalog_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_codes" ADD CONSTRAINT "product_codes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_codes" ADD CONSTRAINT "product_codes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "listed_prices_region_code" ON "listed_prices" USING btree ("region_id","code");--> statement-breakpoint
CREATE INDEX "listed_prices_region_generic" ON "listed_prices" USING btree ("region_id","generic_name");--> statement-breakpoint
CREATE UNIQUE INDEX "product_codes_product_kind_code" ON "product_codes" USING btree ("product_id","kind","code");--> statement-breakpoint
CREATE INDEX "product_codes_region_kind_code" ON "product_codes" USING btree ("region_id","kind","code");