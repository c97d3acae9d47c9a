CREATE TABLE `consent_prompts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`language` text NOT NULL,
	`hash` text NOT NULL,
	`text` text NOT NULL,
	`first_used_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_prompts_lang_hash_uq` ON `consent_prompts` (`language`,`hash`);--> statement-breakpoint
ALTER TABLE `calls` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `consents` ADD `language` text;--> statement-breakpoint
ALTER TABLE `consents` ADD `digits` text;--> statement-breakpoint
ALTER TABLE `consents` ADD `prompt_id` integer REFERENCES consent_prompts(id);