-- HAND-WRITTEN migration (drizzle-kit generate --custom): triggers drizzle cannot express; not regenerated from the schema.
-- Tells every API process that the data its in-process caches hold changed (src/db/pg-notify.ts:
-- Db.dataVersion() on PostgreSQL). Statement-level triggers on the tables those caches read
-- (repositories/offers.ts findOffers: offers, products, institutions; search/service.ts: products,
-- regions; badges, read next to them) send NOTIFY yaojia_data_changed. PostgreSQL delivers a
-- notification only after its transaction commits and folds identical ones within a transaction, so a
-- 2 M-row publish sends one. Tables written per request (rate_limits, api_tokens, audit_log, reports…)
-- have no trigger: they would empty every process's caches for nothing.
-- The list of tables is WATCHED_TABLES in src/db/pg-notify.ts (a test compares the two).
CREATE FUNCTION yaojia_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('yaojia_data_changed', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER products_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
--> statement-breakpoint
CREATE TRIGGER offers_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offers
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
--> statement-breakpoint
CREATE TRIGGER institutions_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON institutions
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
--> statement-breakpoint
CREATE TRIGGER badges_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON badges
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
--> statement-breakpoint
CREATE TRIGGER regions_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
