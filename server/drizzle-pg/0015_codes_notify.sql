-- HAND-WRITTEN migration (drizzle-kit generate --custom): a trigger drizzle cannot express; not regenerated from the schema.
-- the pack codes a scan looks up (product_codes from the 集采 catalog, listed_codes from the 挂网 file) are read
-- by drugs/lookup; a cache of lookup answers keyed by Db.dataVersion() must see a change to them even when the
-- publish changed no product or listed row, so writes notify like the tables of 0001_data_change_notify.sql.
-- WATCHED_TABLES in src/db/pg-notify.ts lists them too.
CREATE TRIGGER product_codes_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_codes
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
--> statement-breakpoint
CREATE TRIGGER listed_codes_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON listed_codes
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
