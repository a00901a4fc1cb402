-- offers_product_nearby with INCLUDE (id) (issue 17 §3). The nearby candidate query reads o.id with the
-- index columns; without id in the index PostgreSQL visits the heap for every offer (a popular product's
-- ~7,000 offers sit on ~7,000 heap pages). With INCLUDE (id) it is an Index Only Scan (medium bench: heap
-- fetches 0, buffers 5,320 → 4,038, 4.95 → 2.69 ms). drizzle's pg index builder has no INCLUDE, so this
-- is a custom migration; the schema (src/db/schema-pg/offers.ts) keeps the key columns. SQLite needs no
-- twin: every SQLite index entry already ends with the rowid, and offers.id is the rowid.
DROP INDEX IF EXISTS "offers_product_nearby";--> statement-breakpoint
CREATE INDEX "offers_product_nearby" ON "offers" USING btree ("product_id","institution_id","selling_price_fen","stock_state") INCLUDE ("id");
