CREATE INDEX `calls_started_duration_idx` ON `calls` (`started_at`,`duration_s`);--> statement-breakpoint
CREATE INDEX `consents_at_given_idx` ON `consents` (`at`,`given`);--> statement-breakpoint
CREATE INDEX `order_calls_at_order_idx` ON `order_calls` (`at`,`order_id`);