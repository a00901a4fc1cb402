CREATE TABLE "drug_aliases" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"stem" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"maker" text,
	"form" text,
	"listed_at" text NOT NULL,
	"removed_at" text,
	"version_id" integer
);
--> statement-breakpoint
ALTER TABLE "drug_aliases" ADD CONSTRAINT "drug_aliases_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drug_aliases" ADD CONSTRAINT "drug_aliases_version_id_catalog_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drug_aliases_region_stem_name" ON "drug_aliases" USING btree ("region_id","stem","name");