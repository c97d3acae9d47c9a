CREATE TABLE "dashboard_hours" (
	"hour_start" bigint PRIMARY KEY NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"inbound" integer DEFAULT 0 NOT NULL,
	"outbound" integer DEFAULT 0 NOT NULL,
	"duration_sum" bigint DEFAULT 0 NOT NULL,
	"duration_n" integer DEFAULT 0 NOT NULL,
	"consent_given" integer DEFAULT 0 NOT NULL,
	"consent_declined" integer DEFAULT 0 NOT NULL
);
