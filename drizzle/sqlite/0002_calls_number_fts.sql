-- Custom SQL migration file, put your code below! --
-- Staff search calls by any part of the caller number. A LIKE '%…%' cannot use a b-tree index,
-- so a million calls meant a full scan; an FTS5 trigram index answers substring LIKE queries
-- (3+ characters) from the index. It holds the number staff see: the full one after consent,
-- else the masked one. Kept in step by triggers, so no write path has to know about it.
CREATE VIRTUAL TABLE `calls_number_fts` USING fts5(`number`, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO `calls_number_fts` (`rowid`, `number`) SELECT `id`, coalesce(`from_full`, `from_masked`) FROM `calls`;
--> statement-breakpoint
CREATE TRIGGER `calls_number_fts_ai` AFTER INSERT ON `calls` BEGIN
  INSERT INTO `calls_number_fts` (`rowid`, `number`) VALUES (new.`id`, coalesce(new.`from_full`, new.`from_masked`));
END;
--> statement-breakpoint
CREATE TRIGGER `calls_number_fts_au` AFTER UPDATE OF `from_full`, `from_masked` ON `calls` BEGIN
  DELETE FROM `calls_number_fts` WHERE `rowid` = old.`id`;
  INSERT INTO `calls_number_fts` (`rowid`, `number`) VALUES (new.`id`, coalesce(new.`from_full`, new.`from_masked`));
END;
--> statement-breakpoint
CREATE TRIGGER `calls_number_fts_ad` AFTER DELETE ON `calls` BEGIN
  DELETE FROM `calls_number_fts` WHERE `rowid` = old.`id`;
END;
