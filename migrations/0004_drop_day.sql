ALTER TABLE `creators` ADD `cart_max_per_line` integer;--> statement-breakpoint
ALTER TABLE `creators` ADD `cart_max_per_email` integer;--> statement-breakpoint
ALTER TABLE `download_grants` ADD `last_counted_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `refund_status` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `refund_amount_cents` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `refund_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `refund_last_error` text;--> statement-breakpoint
ALTER TABLE `stripe_events` ADD `payment_intent_id` text;--> statement-breakpoint
CREATE INDEX `stripe_events_payment_intent_idx` ON `stripe_events` (`payment_intent_id`);