CREATE TABLE "open_datasets" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"path" text NOT NULL,
	"row_count" integer NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"published_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "open_datasets" ADD CONSTRAINT "open_datasets_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "open_datasets_file" ON "open_datasets" USING btree ("region_id","version","kind","format");--> statement-breakpoint
CREATE INDEX "open_datasets_published" ON "open_datasets" USING btree ("published_at");