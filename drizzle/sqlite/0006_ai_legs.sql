CREATE TABLE `ai_legs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`stream_sid` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	`input_text_tokens` integer DEFAULT 0 NOT NULL,
	`input_audio_tokens` integer DEFAULT 0 NOT NULL,
	`input_cached_tokens` integer DEFAULT 0 NOT NULL,
	`output_text_tokens` integer DEFAULT 0 NOT NULL,
	`output_audio_tokens` integer DEFAULT 0 NOT NULL,
	`turns` integer DEFAULT 0 NOT NULL,
	`latency_p50_ms` integer,
	`latency_max_ms` integer,
	`summary` text,
	`outcome` text,
	`follow_up` integer,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ai_legs_stream_uq` ON `ai_legs` (`stream_sid`);--> statement-breakpoint
CREATE INDEX `ai_legs_call_idx` ON `ai_legs` (`call_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `ai_legs_started_idx` ON `ai_legs` (`started_at`);