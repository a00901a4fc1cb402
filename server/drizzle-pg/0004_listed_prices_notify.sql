-- HAND-WRITTEN migration (drizzle-kit generate --custom): triggers drizzle cannot express; not regenerated from the schema.
-- 挂网药品价格 (listed_prices) feed the brand answer of a search (src/repositories/brands.ts keeps them
-- per region until Db.dataVersion() moves): notify like the tables of 0001_data_change_notify.sql.
-- WATCHED_TABLES in src/db/pg-notify.ts lists it too.
CREATE TRIGGER listed_prices_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON listed_prices
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
