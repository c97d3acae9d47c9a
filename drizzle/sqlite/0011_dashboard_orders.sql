CREATE TABLE `dashboard_order_days` (
	`order_id` integer NOT NULL,
	`day_start` integer NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`order_id`, `day_start`)
);
--> statement-breakpoint
CREATE INDEX `dashboard_order_days_day_calls_idx` ON `dashboard_order_days` (`day_start`,`calls`);--> statement-breakpoint
CREATE TABLE `dashboard_orders` (
	`status` text NOT NULL,
	`source` text NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`status`, `source`)
);
