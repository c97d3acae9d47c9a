CREATE TABLE "dashboard_order_days" (
	"order_id" integer NOT NULL,
	"day_start" bigint NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_order_days_order_id_day_start_pk" PRIMARY KEY("order_id","day_start")
);
--> statement-breakpoint
CREATE TABLE "dashboard_orders" (
	"status" text NOT NULL,
	"source" text NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_orders_status_source_pk" PRIMARY KEY("status","source")
);
--> statement-breakpoint
CREATE INDEX "dashboard_order_days_day_calls_idx" ON "dashboard_order_days" USING btree ("day_start","calls");