CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`revoked_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `order_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` text NOT NULL,
	`filename` text NOT NULL,
	`status` text NOT NULL,
	`rows` text NOT NULL,
	`errors` text NOT NULL,
	`result` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`applied_at` integer
);
--> statement-breakpoint
CREATE INDEX `order_imports_created_idx` ON `order_imports` (`created_at`);--> statement-breakpoint
CREATE TABLE `order_misses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`call_id` integer NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_misses_call_number_uq` ON `order_misses` (`call_id`,`number`);--> statement-breakpoint
CREATE INDEX `order_misses_at_idx` ON `order_misses` (`at`,`number`);--> statement-breakpoint
ALTER TABLE `orders` ADD `source` text DEFAULT 'call' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `phones` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `name` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `note` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `shop_updated_at` integer;--> statement-breakpoint
CREATE INDEX `orders_source_created_idx` ON `orders` (`source`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `staff_users` ADD `role` text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_users` ADD `disabled_at` integer;--> statement-breakpoint
ALTER TABLE `staff_users` ADD `last_login_at` integer;