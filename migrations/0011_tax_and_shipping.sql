ALTER TABLE `creators` ADD `automatic_tax` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `creators` ADD `shipping_rates` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `shipping_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `tax_cents` integer DEFAULT 0 NOT NULL;