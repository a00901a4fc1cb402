CREATE TABLE "catalog_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"row_count" integer NOT NULL,
	"added_count" integer DEFAULT 0 NOT NULL,
	"removed_count" integer DEFAULT 0 NOT NULL,
	"changed_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"publisher" text NOT NULL,
	"published_at" text NOT NULL,
	"status" text NOT NULL,
	"restored_from" integer,
	"snapshot" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"policy" text DEFAULT '{}' NOT NULL,
	"created_at" text DEFAULT to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') NOT NULL,
	CONSTRAINT "regions_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"code" text NOT NULL,
	"generic_name" text NOT NULL,
	"product_name" text NOT NULL,
	"dosage_form" text NOT NULL,
	"spec" text NOT NULL,
	"conversion_ratio" integer NOT NULL,
	"min_unit" text NOT NULL,
	"pack_unit" text NOT NULL,
	"packaging" text,
	"maker" text NOT NULL,
	"bidder" text,
	"winning_price_fen" integer NOT NULL,
	"approval_no" text,
	"brand_name" text,
	"recommended" integer DEFAULT 0 NOT NULL,
	"special" integer DEFAULT 0 NOT NULL,
	"therapeutic_area" text,
	"listed_at" text NOT NULL,
	"removed_at" text,
	"version_id" integer
);
--> statement-breakpoint
CREATE TABLE "badges" (
	"id" serial PRIMARY KEY NOT NULL,
	"institution_id" integer NOT NULL,
	"kind" text NOT NULL,
	"granted_at" text NOT NULL,
	"removed_at" text,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"credit_code" text,
	"address" text NOT NULL,
	"city" text,
	"district" text,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"phone" text,
	"hours" text,
	"special_designated" integer DEFAULT 0 NOT NULL,
	"commitment" text,
	"legal_representative" text,
	"contact_name" text,
	"joined_at" text,
	"listed_at" text NOT NULL,
	"removed_at" text,
	"version_id" integer
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" serial PRIMARY KEY NOT NULL,
	"institution_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"selling_price_fen" integer NOT NULL,
	"online_price_fen" integer,
	"stock_state" text DEFAULT 'unknown' NOT NULL,
	"stock_count" integer,
	"observed_at" text NOT NULL,
	"recorded_at" text NOT NULL,
	"source" text NOT NULL,
	"version_id" integer
);
--> statement-breakpoint
CREATE TABLE "price_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"institution_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"selling_price_fen" integer NOT NULL,
	"online_price_fen" integer,
	"observed_at" text NOT NULL,
	"recorded_at" text NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"role" text NOT NULL,
	"institution_id" integer,
	"label" text,
	"created_at" text NOT NULL,
	"expires_at" text,
	"revoked_at" text,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"institution_id" integer NOT NULL,
	"product_id" integer,
	"kind" text NOT NULL,
	"observed_price_fen" integer,
	"note" text,
	"contact" text,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolution_note" text,
	"created_at" text NOT NULL,
	"resolved_at" text,
	CONSTRAINT "reports_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"order_no" text NOT NULL,
	"distributor" text NOT NULL,
	"institution_id" integer,
	"product_id" integer,
	"ordered_qty" integer,
	"delivered_qty" integer,
	"ordered_at" text NOT NULL,
	"delivered_at" text,
	"source" text NOT NULL,
	"recorded_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" serial PRIMARY KEY NOT NULL,
	"institution_id" integer NOT NULL,
	"credit_code" text NOT NULL,
	"legal_representative" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"commitment" text NOT NULL,
	"starts_at" text NOT NULL,
	"ends_at" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shortages" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"institution_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"since" text NOT NULL,
	"evidence" text NOT NULL,
	"reported_at" text NOT NULL,
	"reported_by" text NOT NULL,
	"resolved_at" text,
	"resolution_note" text
);
--> statement-breakpoint
CREATE TABLE "designated_counts" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"as_of" text NOT NULL,
	"count" integer NOT NULL,
	"source" text,
	"recorded_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"window_start_ms" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_versions" ADD CONSTRAINT "catalog_versions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_version_id_catalog_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badges" ADD CONSTRAINT "badges_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_version_id_catalog_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_version_id_catalog_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortages" ADD CONSTRAINT "shortages_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortages" ADD CONSTRAINT "shortages_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortages" ADD CONSTRAINT "shortages_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designated_counts" ADD CONSTRAINT "designated_counts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "products_region_code" ON "products" USING btree ("region_id","code");--> statement-breakpoint
CREATE INDEX "products_region_generic" ON "products" USING btree ("region_id","generic_name");--> statement-breakpoint
CREATE INDEX "badges_institution" ON "badges" USING btree ("institution_id");--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_region_code" ON "institutions" USING btree ("region_id","code");--> statement-breakpoint
CREATE INDEX "institutions_lat_lng" ON "institutions" USING btree ("lat","lng");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_institution_product" ON "offers" USING btree ("institution_id","product_id");--> statement-breakpoint
CREATE INDEX "offers_product_nearby" ON "offers" USING btree ("product_id","institution_id","selling_price_fen","stock_state");--> statement-breakpoint
CREATE INDEX "price_history_offer" ON "price_history" USING btree ("institution_id","product_id","observed_at");--> statement-breakpoint
CREATE INDEX "reports_institution" ON "reports" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "deliveries_region_distributor" ON "deliveries" USING btree ("region_id","distributor");--> statement-breakpoint
CREATE INDEX "deliveries_order" ON "deliveries" USING btree ("distributor","order_no");--> statement-breakpoint
CREATE INDEX "memberships_institution" ON "memberships" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "shortages_region_product" ON "shortages" USING btree ("region_id","product_id");--> statement-breakpoint
CREATE INDEX "shortages_institution" ON "shortages" USING btree ("institution_id");--> statement-breakpoint
CREATE UNIQUE INDEX "designated_counts_region_as_of" ON "designated_counts" USING btree ("region_id","as_of");