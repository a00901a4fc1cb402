CREATE TABLE "alert_notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"subscription_id" integer NOT NULL,
	"day" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"channel" text NOT NULL,
	"institution_id" integer NOT NULL,
	"institution_name" text NOT NULL,
	"price_fen" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text NOT NULL,
	"lease_until" text,
	"last_error" text,
	"created_at" text NOT NULL,
	"sent_at" text
);
--> statement-breakpoint
CREATE TABLE "alert_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"region_id" integer NOT NULL,
	"code" text NOT NULL,
	"city" text,
	"district" text,
	"threshold_fen" integer,
	"subscriber_kind" text NOT NULL,
	"subscriber" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_notifications_daily" ON "alert_notifications" USING btree ("subscription_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_notifications_key" ON "alert_notifications" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "alert_notifications_due" ON "alert_notifications" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_subscriptions_item" ON "alert_subscriptions" USING btree ("subscriber_kind","subscriber","kind","region_id","code");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_watch" ON "alert_subscriptions" USING btree ("region_id","code");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_expires" ON "alert_subscriptions" USING btree ("expires_at");