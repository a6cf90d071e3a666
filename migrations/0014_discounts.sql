CREATE TABLE `discounts` (
	`id` text PRIMARY KEY NOT NULL,
	`creator_id` text NOT NULL,
	`code` text NOT NULL,
	`code_key` text NOT NULL,
	`percent_off` integer,
	`amount_off_cents` integer,
	`currency` text,
	`max_redemptions` integer,
	`per_buyer_limit` integer,
	`starts_at` integer,
	`ends_at` integer,
	`product_ids` text,
	`drop_ids` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`creator_id`) REFERENCES `creators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discounts_creator_code_uq` ON `discounts` (`creator_id`,`code_key`);--> statement-breakpoint
CREATE INDEX `discounts_creator_idx` ON `discounts` (`creator_id`,`id`);--> statement-breakpoint
ALTER TABLE `order_items` ADD `discount_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_id` text REFERENCES discounts(id);--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_code` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `orders_discount_idx` ON `orders` (`discount_id`,`status`);