ALTER TABLE "calls" ADD COLUMN "direction" text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "placed_by" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "answered_by" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "callback_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "calls_callback_key_uq" ON "calls" USING btree ("callback_key");--> statement-breakpoint
CREATE INDEX "calls_direction_started_idx" ON "calls" USING btree ("direction","started_at","id");--> statement-breakpoint
CREATE INDEX "calls_placed_by_started_idx" ON "calls" USING btree ("placed_by","started_at");