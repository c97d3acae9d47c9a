-- Custom SQL migration file, put your code below! --
-- The dashboard's hourly tallies (table dashboard_hours, from 0009) kept in step by triggers, as
-- the number-search index is (0002): every write path, the turn's raw SQL and erasure included,
-- keeps them right without knowing of them, and a month on the dashboard reads ~720 rows instead
-- of recounting every call. Each change subtracts the old row's share and adds the new one's.
-- Hours are UTC hour starts in ms, the same expression as dialect.hourStart.
CREATE TRIGGER `dashboard_hours_calls_ai` AFTER INSERT ON `calls` BEGIN
  INSERT INTO `dashboard_hours` (`hour_start`, `calls`, `inbound`, `outbound`, `duration_sum`, `duration_n`)
  VALUES ((new.`started_at` / 3600000) * 3600000, 1, new.`direction` = 'inbound', new.`direction` = 'outbound', coalesce(new.`duration_s`, 0), new.`duration_s` IS NOT NULL)
  ON CONFLICT (`hour_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`, `inbound` = `inbound` + excluded.`inbound`, `outbound` = `outbound` + excluded.`outbound`,
    `duration_sum` = `duration_sum` + excluded.`duration_sum`, `duration_n` = `duration_n` + excluded.`duration_n`;
END;
--> statement-breakpoint
-- Status webhooks update calls all the time; only a change of start, direction or duration matters.
CREATE TRIGGER `dashboard_hours_calls_au` AFTER UPDATE OF `started_at`, `direction`, `duration_s` ON `calls`
WHEN old.`started_at` IS NOT new.`started_at` OR old.`direction` IS NOT new.`direction` OR old.`duration_s` IS NOT new.`duration_s` BEGIN
  INSERT INTO `dashboard_hours` (`hour_start`, `calls`, `inbound`, `outbound`, `duration_sum`, `duration_n`)
  VALUES ((old.`started_at` / 3600000) * 3600000, -1, -(old.`direction` = 'inbound'), -(old.`direction` = 'outbound'), -coalesce(old.`duration_s`, 0), -(old.`duration_s` IS NOT NULL))
  ON CONFLICT (`hour_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`, `inbound` = `inbound` + excluded.`inbound`, `outbound` = `outbound` + excluded.`outbound`,
    `duration_sum` = `duration_sum` + excluded.`duration_sum`, `duration_n` = `duration_n` + excluded.`duration_n`;
  INSERT INTO `dashboard_hours` (`hour_start`, `calls`, `inbound`, `outbound`, `duration_sum`, `duration_n`)
  VALUES ((new.`started_at` / 3600000) * 3600000, 1, new.`direction` = 'inbound', new.`direction` = 'outbound', coalesce(new.`duration_s`, 0), new.`duration_s` IS NOT NULL)
  ON CONFLICT (`hour_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`, `inbound` = `inbound` + excluded.`inbound`, `outbound` = `outbound` + excluded.`outbound`,
    `duration_sum` = `duration_sum` + excluded.`duration_sum`, `duration_n` = `duration_n` + excluded.`duration_n`;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_hours_calls_ad` AFTER DELETE ON `calls` BEGIN
  INSERT INTO `dashboard_hours` (`hour_start`, `calls`, `inbound`, `outbound`, `duration_sum`, `duration_n`)
  VALUES ((old.`started_at` / 3600000) * 3600000, -1, -(old.`direction` = 'inbound'), -(old.`direction` = 'outbound'), -coalesce(old.`duration_s`, 0), -(old.`duration_s` IS NOT NULL))
  ON CONFLICT (`hour_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`, `inbound` = `inbound` + excluded.`inbound`, `outbound` = `outbound` + excluded.`outbound`,
    `duration_sum` = `duration_sum` + excluded.`duration_sum`, `duration_n` = `duration_n` + excluded.`duration_n`;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_hours_consents_ai` AFTER INSERT ON `consents` BEGIN
  INSERT INTO `dashboard_hours` (`hour_start`, `consent_given`, `consent_declined`) VALUES ((new.`at` / 3600000) * 3600000, new.`given` <> 0, new.`given` = 0)
  ON CONFLICT (`hour_start`) DO UPDATE SET `consent_given` = `consent_given` + excluded.`consent_given`, `consent_declined` = `consent_declined` + excluded.`consent_declined`;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_hours_consents_au` AFTER UPDATE OF `at`, `given` ON `consents`
WHEN old.`at` IS NOT new.`at` OR old.`given` IS NOT new.`given` BEGIN
  INSERT INTO `dashboard_hours` (`hour_start`, `consent_given`, `consent_declined`) VALUES ((old.`at` / 3600000) * 3600000, -(old.`given` <> 0), -(old.`given` = 0))
  ON CONFLICT (`hour_start`) DO UPDATE SET `consent_given` = `consent_given` + excluded.`consent_given`, `consent_declined` = `consent_declined` + excluded.`consent_declined`;
  INSERT INTO `dashboard_hours` (`hour_start`, `consent_given`, `consent_declined`) VALUES ((new.`at` / 3600000) * 3600000, new.`given` <> 0, new.`given` = 0)
  ON CONFLICT (`hour_start`) DO UPDATE SET `consent_given` = `consent_given` + excluded.`consent_given`, `consent_declined` = `consent_declined` + excluded.`consent_declined`;
END;
--> statement-breakpoint
-- Also fires for the rows a deleted call's ON DELETE CASCADE removes.
CREATE TRIGGER `dashboard_hours_consents_ad` AFTER DELETE ON `consents` BEGIN
  INSERT INTO `dashboard_hours` (`hour_start`, `consent_given`, `consent_declined`) VALUES ((old.`at` / 3600000) * 3600000, -(old.`given` <> 0), -(old.`given` = 0))
  ON CONFLICT (`hour_start`) DO UPDATE SET `consent_given` = `consent_given` + excluded.`consent_given`, `consent_declined` = `consent_declined` + excluded.`consent_declined`;
END;
--> statement-breakpoint
-- Backfill from the calls and consents already there (the migration runs in one transaction).
INSERT INTO `dashboard_hours` (`hour_start`, `calls`, `inbound`, `outbound`, `duration_sum`, `duration_n`)
SELECT (`started_at` / 3600000) * 3600000, count(*), sum(`direction` = 'inbound'), sum(`direction` = 'outbound'), coalesce(sum(`duration_s`), 0), count(`duration_s`)
FROM `calls` WHERE true GROUP BY 1
ON CONFLICT (`hour_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`, `inbound` = `inbound` + excluded.`inbound`, `outbound` = `outbound` + excluded.`outbound`,
  `duration_sum` = `duration_sum` + excluded.`duration_sum`, `duration_n` = `duration_n` + excluded.`duration_n`;
--> statement-breakpoint
INSERT INTO `dashboard_hours` (`hour_start`, `consent_given`, `consent_declined`)
SELECT (`at` / 3600000) * 3600000, sum(`given` <> 0), sum(`given` = 0) FROM `consents` WHERE true GROUP BY 1
ON CONFLICT (`hour_start`) DO UPDATE SET `consent_given` = `consent_given` + excluded.`consent_given`, `consent_declined` = `consent_declined` + excluded.`consent_declined`;
