CREATE INDEX "calls_started_duration_idx" ON "calls" USING btree ("started_at","duration_s");--> statement-breakpoint
CREATE INDEX "calls_status_lang_started_idx" ON "calls" USING btree ("status","language","started_at","id");--> statement-breakpoint
CREATE INDEX "consents_at_given_idx" ON "consents" USING btree ("at","given");--> statement-breakpoint
CREATE INDEX "order_calls_at_order_idx" ON "order_calls" USING btree ("at","order_id");