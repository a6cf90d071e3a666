CREATE TABLE `fulfillment_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`creator_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fulfillment_jobs_order_id_unique` ON `fulfillment_jobs` (`order_id`);--> statement-breakpoint
CREATE INDEX `fulfillment_jobs_creator_status_idx` ON `fulfillment_jobs` (`creator_id`,`status`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`product_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`hold_id` text,
	`hold_scope` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_items_order_idx` ON `order_items` (`order_id`,`position`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`creator_id` text NOT NULL,
	`status` text NOT NULL,
	`buyer_email` text NOT NULL,
	`total_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`drop_id` text,
	`reservation_id` text,
	`checkout_session_id` text,
	`checkout_url` text,
	`payment_intent_id` text,
	`connect_account_id` text,
	`application_fee_cents` integer,
	`hold_expires_at` integer NOT NULL,
	`shipping_address` text,
	`needs_shipping` integer NOT NULL,
	`cancel_reason` text,
	`paid_at` integer,
	`refund_requested_at` integer,
	`refunded_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`creator_id`) REFERENCES `creators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_reservation_id_unique` ON `orders` (`reservation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_checkout_session_id_unique` ON `orders` (`checkout_session_id`);--> statement-breakpoint
CREATE INDEX `orders_creator_status_idx` ON `orders` (`creator_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `orders_creator_idx` ON `orders` (`creator_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_payment_intent_idx` ON `orders` (`payment_intent_id`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`order_id` text,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
