-- HAND-WRITTEN migration (drizzle-kit generate --custom): fills the column 0010 added; not regenerated from the schema.
-- badges.origin for rows written before the column: a file publish wrote reason "bureau:<version>" or
-- "bureau:<version> institution removed" (ingest/apply.ts); anything else came from a command.
UPDATE badges SET origin = 'file'
 WHERE reason GLOB 'bureau:[0-9]*' AND (substr(reason, 8) NOT GLOB '*[^0-9]*' OR substr(reason, 8) GLOB '[0-9]* institution removed');
