-- HAND-WRITTEN migration (drizzle-kit generate --custom): a trigger drizzle cannot express; not regenerated from the schema.
-- published brand names (drug_aliases) feed the search index: the search service reloads them when
-- Db.dataVersion() moves, so writes notify like the tables of 0001_data_change_notify.sql.
-- WATCHED_TABLES in src/db/pg-notify.ts lists it too.
CREATE TRIGGER drug_aliases_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON drug_aliases
  FOR EACH STATEMENT EXECUTE FUNCTION yaojia_data_changed();
