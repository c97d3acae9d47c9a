-- Custom SQL migration file, put your code below! ---- The dashboard's order tallies (from 0011) kept in step by triggers, as the hourly ones are (0010):
-- every write path, cascades and erasure included, keeps them right without knowing of them. Each
-- change subtracts the old row's share and adds the new one's: one row upsert per link or order.
-- Days are UTC day starts in ms. A row whose count falls to 0 stays; the dashboard skips it.
CREATE TRIGGER `dashboard_order_days_ai` AFTER INSERT ON `order_calls` BEGIN
  INSERT INTO `dashboard_order_days` (`order_id`, `day_start`, `calls`) VALUES (new.`order_id`, (new.`at` / 86400000) * 86400000, 1)
  ON CONFLICT (`order_id`, `day_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_order_days_au` AFTER UPDATE OF `order_id`, `at` ON `order_calls`
WHEN old.`order_id` IS NOT new.`order_id` OR old.`at` IS NOT new.`at` BEGIN
  INSERT INTO `dashboard_order_days` (`order_id`, `day_start`, `calls`) VALUES (old.`order_id`, (old.`at` / 86400000) * 86400000, -1)
  ON CONFLICT (`order_id`, `day_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`;
  INSERT INTO `dashboard_order_days` (`order_id`, `day_start`, `calls`) VALUES (new.`order_id`, (new.`at` / 86400000) * 86400000, 1)
  ON CONFLICT (`order_id`, `day_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`;
END;
--> statement-breakpoint
-- Also fires for the links a deleted call's or order's ON DELETE CASCADE removes.
CREATE TRIGGER `dashboard_order_days_ad` AFTER DELETE ON `order_calls` BEGIN
  INSERT INTO `dashboard_order_days` (`order_id`, `day_start`, `calls`) VALUES (old.`order_id`, (old.`at` / 86400000) * 86400000, -1)
  ON CONFLICT (`order_id`, `day_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_orders_ai` AFTER INSERT ON `orders` BEGIN
  INSERT INTO `dashboard_orders` (`status`, `source`, `orders`) VALUES (new.`status`, new.`source`, 1)
  ON CONFLICT (`status`, `source`) DO UPDATE SET `orders` = `orders` + excluded.`orders`;
END;
--> statement-breakpoint
-- Orders are updated for notes and edits too; only a change of status or source matters.
CREATE TRIGGER `dashboard_orders_au` AFTER UPDATE OF `status`, `source` ON `orders`
WHEN old.`status` IS NOT new.`status` OR old.`source` IS NOT new.`source` BEGIN
  INSERT INTO `dashboard_orders` (`status`, `source`, `orders`) VALUES (old.`status`, old.`source`, -1)
  ON CONFLICT (`status`, `source`) DO UPDATE SET `orders` = `orders` + excluded.`orders`;
  INSERT INTO `dashboard_orders` (`status`, `source`, `orders`) VALUES (new.`status`, new.`source`, 1)
  ON CONFLICT (`status`, `source`) DO UPDATE SET `orders` = `orders` + excluded.`orders`;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_orders_ad` AFTER DELETE ON `orders` BEGIN
  INSERT INTO `dashboard_orders` (`status`, `source`, `orders`) VALUES (old.`status`, old.`source`, -1)
  ON CONFLICT (`status`, `source`) DO UPDATE SET `orders` = `orders` + excluded.`orders`;
END;
--> statement-breakpoint
-- Backfill from the links and orders already there (the migration runs in one transaction).
INSERT INTO `dashboard_order_days` (`order_id`, `day_start`, `calls`)
SELECT `order_id`, (`at` / 86400000) * 86400000, count(*) FROM `order_calls` WHERE true GROUP BY 1, 2
ON CONFLICT (`order_id`, `day_start`) DO UPDATE SET `calls` = `calls` + excluded.`calls`;
--> statement-breakpoint
INSERT INTO `dashboard_orders` (`status`, `source`, `orders`)
SELECT `status`, `source`, count(*) FROM `orders` WHERE true GROUP BY 1, 2
ON CONFLICT (`status`, `source`) DO UPDATE SET `orders` = `orders` + excluded.`orders`;
