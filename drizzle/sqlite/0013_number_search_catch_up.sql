-- The number-search index (0002) off the webhook path: a trigram insert for every new call cost
-- about a third of the IVR turn (bench/RESULTS.md, section turn). New calls are now indexed in
-- batches by the search itself, just before it reads the index (sqlite/number-search.ts), so a
-- call is findable as soon as it exists. `calls_number_fts_upto` says how far that went: every
-- call with id <= last_call_id is in the index (AUTOINCREMENT ids never come back). A change of
-- number on such a call still updates the index at once; a call past the mark gets its current
-- number when it is indexed. A delete still removes the entry at once (erasure, docs/privacy.md).
CREATE TABLE `calls_number_fts_upto` (`id` integer PRIMARY KEY CHECK (`id` = 1), `last_call_id` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `calls_number_fts_upto` (`id`, `last_call_id`) SELECT 1, coalesce(max(`id`), 0) FROM `calls`;
--> statement-breakpoint
DROP TRIGGER `calls_number_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `calls_number_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `calls_number_fts_au` AFTER UPDATE OF `from_full`, `from_masked` ON `calls`
WHEN old.`id` <= (SELECT `last_call_id` FROM `calls_number_fts_upto`) BEGIN
  DELETE FROM `calls_number_fts` WHERE `rowid` = old.`id`;
  INSERT INTO `calls_number_fts` (`rowid`, `number`) VALUES (new.`id`, coalesce(new.`from_full`, new.`from_masked`));
END;
