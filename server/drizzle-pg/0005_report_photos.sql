CREATE TABLE "photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" integer NOT NULL,
	"file" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "photos_file_unique" UNIQUE("file")
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "public_note" text;--> statement-breakpoint
CREATE INDEX "photos_owner" ON "photos" USING btree ("owner_kind","owner_id");