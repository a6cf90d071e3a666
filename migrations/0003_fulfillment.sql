CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`creator_id` text,
	`order_id` text,
	`job_id` text,
	`type` text NOT NULL,
	`body` text NOT NULL,
	`error` text NOT NULL,
	`attempts` integer NOT NULL,
	`created_at` integer NOT NULL,
	`replayed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dead_letters_message_id_unique` ON `dead_letters` (`message_id`);--> statement-breakpoint
CREATE INDEX `dead_letters_creator_idx` ON `dead_letters` (`creator_id`,`id`);--> statement-breakpoint
CREATE TABLE `download_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`order_item_id` text NOT NULL,
	`product_id` text NOT NULL,
	`creator_id` text NOT NULL,
	`file_key` text NOT NULL,
	`file_name` text NOT NULL,
	`expires_at` integer NOT NULL,
	`max_downloads` integer NOT NULL,
	`download_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `download_grants_order_item_id_unique` ON `download_grants` (`order_item_id`);--> statement-breakpoint
CREATE INDEX `download_grants_order_idx` ON `download_grants` (`order_id`);--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_order_kind_uq` ON `email_outbox` (`order_id`,`kind`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`creator_id` text NOT NULL,
	`order_id` text NOT NULL,
	`order_item_id` text NOT NULL,
	`product_id` text NOT NULL,
	`buyer_email` text NOT NULL,
	`tier` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_order_item_id_unique` ON `memberships` (`order_item_id`);--> statement-breakpoint
CREATE INDEX `memberships_creator_idx` ON `memberships` (`creator_id`,`id`);--> statement-breakpoint
CREATE INDEX `memberships_buyer_idx` ON `memberships` (`creator_id`,`buyer_email`,`tier`);--> statement-breakpoint
ALTER TABLE `order_items` ADD `fulfilled_at` integer;--> statement-breakpoint
ALTER TABLE `order_items` ADD `provider_reference` text;--> statement-breakpoint
ALTER TABLE `order_items` ADD `carrier` text;--> statement-breakpoint
ALTER TABLE `order_items` ADD `tracking_number` text;--> statement-breakpoint
ALTER TABLE `order_items` ADD `shipped_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `origin` text;--> statement-breakpoint
ALTER TABLE `products` ADD `file_key` text;--> statement-breakpoint
ALTER TABLE `products` ADD `file_name` text;--> statement-breakpoint
ALTER TABLE `products` ADD `file_content_type` text;--> statement-breakpoint
ALTER TABLE `products` ADD `file_size` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `download_expiry_days` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `download_limit` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `membership_tier` text;--> statement-breakpoint
ALTER TABLE `products` ADD `membership_days` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `image_key` text;