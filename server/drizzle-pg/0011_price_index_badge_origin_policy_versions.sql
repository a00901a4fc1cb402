CREATE TABLE "policy_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"policy" text NOT NULL,
	"summary" text NOT NULL,
	"publisher" text NOT NULL,
	"published_at" text NOT NULL,
	"status" text NOT NULL,
	"restored_from" integer
);
--> statement-breakpoint
ALTER TABLE "badges" ADD COLUMN "origin" text DEFAULT 'command' NOT NULL;--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "price_index_met" integer;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;