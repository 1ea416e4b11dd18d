-- 001_notes.down.sql: undoes 001_notes.sql (the policies and index go with the table).
DROP TABLE IF EXISTS notes_entries;
