-- Custom SQL migration file, put your code below! --
-- Erasure must leave no trace of a number in the number-search index (drizzle/sqlite/0002). By
-- default FTS5 only marks deleted entries and keeps their tokens in its b-tree until a merge;
-- with `secure-delete` (SQLite 3.44+) a delete removes them at once. https://www.sqlite.org/fts5.html#the_secure_delete_configuration_option
INSERT INTO `calls_number_fts` (`calls_number_fts`, `rank`) VALUES ('secure-delete', 1);
