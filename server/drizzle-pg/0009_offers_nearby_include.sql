-- HAND-WRITTEN migration (drizzle-kit generate --custom): an index with INCLUDE, which drizzle's pg index builder cannot express; not regenerated from the schema.
-- offers_product_nearby with INCLUDE (id): the nearby candidate query reads o.id with the index columns;
-- without id in the index PostgreSQL visits the heap for every offer (a popular product's ~7,000 offers
-- sit on ~7,000 heap pages); with it the query is an Index Only Scan. The schema (src/db/schema-pg/offers.ts)
-- keeps the key columns. SQLite needs no twin: every SQLite index entry already ends with the rowid, and
-- offers.id is the rowid.
DROP INDEX IF EXISTS "offers_product_nearby";--> statement-breakpoint
CREATE INDEX "offers_product_nearby" ON "offers" USING btree ("product_id","institution_id","selling_price_fen","stock_state") INCLUDE ("id");
