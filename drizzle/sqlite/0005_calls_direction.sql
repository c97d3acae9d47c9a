ALTER TABLE `calls` ADD `direction` text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
ALTER TABLE `calls` ADD `placed_by` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `answered_by` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `callback_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `calls_callback_key_uq` ON `calls` (`callback_key`);--> statement-breakpoint
CREATE INDEX `calls_direction_started_idx` ON `calls` (`direction`,`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `calls_placed_by_started_idx` ON `calls` (`placed_by`,`started_at`);