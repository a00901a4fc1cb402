CREATE TABLE "listed_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"listed_id" integer NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listed_codes" ADD CONSTRAINT "listed_codes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listed_codes" ADD CONSTRAINT "listed_codes_listed_id_listed_prices_id_fk" FOREIGN KEY ("listed_id") REFERENCES "public"."listed_prices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "listed_codes_listed_kind_code" ON "listed_codes" USING btree ("listed_id","kind","code");--> statement-breakpoint
CREATE INDEX "listed_codes_region_kind_code" ON "listed_codes" USING btree ("region_id","kind","code");