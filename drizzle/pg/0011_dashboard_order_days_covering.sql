DROP INDEX "dashboard_order_days_day_calls_idx";--> statement-breakpoint
CREATE INDEX "dashboard_order_days_day_calls_order_idx" ON "dashboard_order_days" USING btree ("day_start","calls","order_id");--> statement-breakpoint
CREATE INDEX "dashboard_order_days_order_day_calls_idx" ON "dashboard_order_days" USING btree ("order_id","day_start","calls");