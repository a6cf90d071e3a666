CREATE TABLE `product_images` (
	`id` text PRIMARY KEY NOT NULL,
	`creator_id` text NOT NULL,
	`product_id` text NOT NULL,
	`key` text NOT NULL,
	`width` integer,
	`height` integer,
	`alt` text DEFAULT '' NOT NULL,
	`position` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`creator_id`) REFERENCES `creators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_images_product_idx` ON `product_images` (`creator_id`,`product_id`,`position`);--> statement-breakpoint
-- Data step (hand-added to drizzle-kit's output): each product's single image becomes its first image, unmeasured
-- (width and height NULL), described by the product's title as the old product page did.
INSERT INTO `product_images` (`id`, `creator_id`, `product_id`, `key`, `width`, `height`, `alt`, `position`, `created_at`)
SELECT 'img_' || lower(hex(randomblob(13))), `creator_id`, `id`, `image_key`, NULL, NULL, `title`, 0, `updated_at`
FROM `products` WHERE `image_key` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `products` DROP COLUMN `image_key`;