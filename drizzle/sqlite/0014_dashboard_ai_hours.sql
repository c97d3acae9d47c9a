CREATE TABLE `dashboard_ai_hours` (
	`hour_start` integer PRIMARY KEY NOT NULL,
	`legs` integer DEFAULT 0 NOT NULL,
	`input_text_tokens` integer DEFAULT 0 NOT NULL,
	`input_audio_tokens` integer DEFAULT 0 NOT NULL,
	`input_cached_tokens` integer DEFAULT 0 NOT NULL,
	`output_text_tokens` integer DEFAULT 0 NOT NULL,
	`output_audio_tokens` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The dashboard's AI usage per hour (dashboard_ai_hours) kept in step by triggers, as dashboard_hours
-- is (0010): the month's AI cost per day reads ~720 rows instead of summing every leg (at 1 M calls
-- with AI on one consented call in seven, ~45,000 legs a month: tens of ms). Each change subtracts
-- the old row's share and adds the new one's; `legs` tells an hour with legs from one whose legs
-- were all deleted. Hours are UTC hour starts in ms, as dialect.hourStart.
CREATE TRIGGER `dashboard_ai_hours_ai` AFTER INSERT ON `ai_legs` BEGIN
  INSERT INTO `dashboard_ai_hours` (`hour_start`, `legs`, `input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens`)
  VALUES ((new.`started_at` / 3600000) * 3600000, 1, new.`input_text_tokens`, new.`input_audio_tokens`, new.`input_cached_tokens`, new.`output_text_tokens`, new.`output_audio_tokens`)
  ON CONFLICT (`hour_start`) DO UPDATE SET `legs` = `legs` + excluded.`legs`, `input_text_tokens` = `input_text_tokens` + excluded.`input_text_tokens`, `input_audio_tokens` = `input_audio_tokens` + excluded.`input_audio_tokens`,
    `input_cached_tokens` = `input_cached_tokens` + excluded.`input_cached_tokens`, `output_text_tokens` = `output_text_tokens` + excluded.`output_text_tokens`, `output_audio_tokens` = `output_audio_tokens` + excluded.`output_audio_tokens`;
END;
--> statement-breakpoint
-- The worker adds each response's tokens to its leg (addAiUsage), in the hour the leg started: one
-- upsert of the difference, not the whole leg out and in again (half the trigger work on the worker's hot path).
CREATE TRIGGER `dashboard_ai_hours_au` AFTER UPDATE OF `input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens` ON `ai_legs`
WHEN old.`started_at` IS new.`started_at` AND (old.`input_text_tokens` IS NOT new.`input_text_tokens` OR old.`input_audio_tokens` IS NOT new.`input_audio_tokens` OR old.`input_cached_tokens` IS NOT new.`input_cached_tokens` OR old.`output_text_tokens` IS NOT new.`output_text_tokens` OR old.`output_audio_tokens` IS NOT new.`output_audio_tokens`) BEGIN
  INSERT INTO `dashboard_ai_hours` (`hour_start`, `legs`, `input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens`)
  VALUES ((new.`started_at` / 3600000) * 3600000, 0, new.`input_text_tokens` - old.`input_text_tokens`, new.`input_audio_tokens` - old.`input_audio_tokens`, new.`input_cached_tokens` - old.`input_cached_tokens`, new.`output_text_tokens` - old.`output_text_tokens`, new.`output_audio_tokens` - old.`output_audio_tokens`)
  ON CONFLICT (`hour_start`) DO UPDATE SET `legs` = `legs` + excluded.`legs`, `input_text_tokens` = `input_text_tokens` + excluded.`input_text_tokens`, `input_audio_tokens` = `input_audio_tokens` + excluded.`input_audio_tokens`,
    `input_cached_tokens` = `input_cached_tokens` + excluded.`input_cached_tokens`, `output_text_tokens` = `output_text_tokens` + excluded.`output_text_tokens`, `output_audio_tokens` = `output_audio_tokens` + excluded.`output_audio_tokens`;
END;
--> statement-breakpoint
-- A leg whose start moves (nothing does this today) leaves its old hour for the new one.
CREATE TRIGGER `dashboard_ai_hours_am` AFTER UPDATE OF `started_at` ON `ai_legs`
WHEN old.`started_at` IS NOT new.`started_at` BEGIN
  INSERT INTO `dashboard_ai_hours` (`hour_start`, `legs`, `input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens`)
  VALUES ((old.`started_at` / 3600000) * 3600000, -1, -old.`input_text_tokens`, -old.`input_audio_tokens`, -old.`input_cached_tokens`, -old.`output_text_tokens`, -old.`output_audio_tokens`)
  ON CONFLICT (`hour_start`) DO UPDATE SET `legs` = `legs` + excluded.`legs`, `input_text_tokens` = `input_text_tokens` + excluded.`input_text_tokens`, `input_audio_tokens` = `input_audio_tokens` + excluded.`input_audio_tokens`,
    `input_cached_tokens` = `input_cached_tokens` + excluded.`input_cached_tokens`, `output_text_tokens` = `output_text_tokens` + excluded.`output_text_tokens`, `output_audio_tokens` = `output_audio_tokens` + excluded.`output_audio_tokens`;
  INSERT INTO `dashboard_ai_hours` (`hour_start`, `legs`, `input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens`)
  VALUES ((new.`started_at` / 3600000) * 3600000, 1, new.`input_text_tokens`, new.`input_audio_tokens`, new.`input_cached_tokens`, new.`output_text_tokens`, new.`output_audio_tokens`)
  ON CONFLICT (`hour_start`) DO UPDATE SET `legs` = `legs` + excluded.`legs`, `input_text_tokens` = `input_text_tokens` + excluded.`input_text_tokens`, `input_audio_tokens` = `input_audio_tokens` + excluded.`input_audio_tokens`,
    `input_cached_tokens` = `input_cached_tokens` + excluded.`input_cached_tokens`, `output_text_tokens` = `output_text_tokens` + excluded.`output_text_tokens`, `output_audio_tokens` = `output_audio_tokens` + excluded.`output_audio_tokens`;
END;
--> statement-breakpoint
-- Also fires for the legs a deleted call's ON DELETE CASCADE removes.
CREATE TRIGGER `dashboard_ai_hours_ad` AFTER DELETE ON `ai_legs` BEGIN
  INSERT INTO `dashboard_ai_hours` (`hour_start`, `legs`, `input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens`)
  VALUES ((old.`started_at` / 3600000) * 3600000, -1, -old.`input_text_tokens`, -old.`input_audio_tokens`, -old.`input_cached_tokens`, -old.`output_text_tokens`, -old.`output_audio_tokens`)
  ON CONFLICT (`hour_start`) DO UPDATE SET `legs` = `legs` + excluded.`legs`, `input_text_tokens` = `input_text_tokens` + excluded.`input_text_tokens`, `input_audio_tokens` = `input_audio_tokens` + excluded.`input_audio_tokens`,
    `input_cached_tokens` = `input_cached_tokens` + excluded.`input_cached_tokens`, `output_text_tokens` = `output_text_tokens` + excluded.`output_text_tokens`, `output_audio_tokens` = `output_audio_tokens` + excluded.`output_audio_tokens`;
END;
--> statement-breakpoint
-- Backfill from the legs already there (the migration runs in one transaction).
INSERT INTO `dashboard_ai_hours` (`hour_start`, `legs`, `input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens`)
SELECT (`started_at` / 3600000) * 3600000, count(*), sum(`input_text_tokens`), sum(`input_audio_tokens`), sum(`input_cached_tokens`), sum(`output_text_tokens`), sum(`output_audio_tokens`)
FROM `ai_legs` WHERE true GROUP BY 1
ON CONFLICT (`hour_start`) DO UPDATE SET `legs` = `legs` + excluded.`legs`, `input_text_tokens` = `input_text_tokens` + excluded.`input_text_tokens`, `input_audio_tokens` = `input_audio_tokens` + excluded.`input_audio_tokens`,
    `input_cached_tokens` = `input_cached_tokens` + excluded.`input_cached_tokens`, `output_text_tokens` = `output_text_tokens` + excluded.`output_text_tokens`, `output_audio_tokens` = `output_audio_tokens` + excluded.`output_audio_tokens`;
