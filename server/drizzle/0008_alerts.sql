CREATE TABLE `alert_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`day` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`channel` text NOT NULL,
	`institution_id` integer NOT NULL,
	`institution_name` text NOT NULL,
	`price_fen` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`lease_until` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`subscription_id`) REFERENCES `alert_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_notifications_daily` ON `alert_notifications` (`subscription_id`,`day`);--> statement-breakpoint
CREATE UNIQUE INDEX `alert_notifications_key` ON `alert_notifications` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `alert_notifications_due` ON `alert_notifications` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `alert_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`region_id` integer NOT NULL,
	`code` text NOT NULL,
	`city` text,
	`district` text,
	`threshold_fen` integer,
	`subscriber_kind` text NOT NULL,
	`subscriber` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_subscriptions_item` ON `alert_subscriptions` (`subscriber_kind`,`subscriber`,`kind`,`region_id`,`code`);--> statement-breakpoint
CREATE INDEX `alert_subscriptions_watch` ON `alert_subscriptions` (`region_id`,`code`);--> statement-breakpoint
CREATE INDEX `alert_subscriptions_expires` ON `alert_subscriptions` (`expires_at`);