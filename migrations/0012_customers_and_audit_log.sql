CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`creator_id` text NOT NULL,
	`token_id` text,
	`action` text NOT NULL,
	`details` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_creator_idx` ON `audit_log` (`creator_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_creator_email_idx` ON `orders` (`creator_id`,`buyer_email`);