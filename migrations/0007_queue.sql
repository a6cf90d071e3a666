ALTER TABLE `drops` ADD `queue_opens_at` integer;--> statement-breakpoint
ALTER TABLE `drops` ADD `admission_rate` integer;--> statement-breakpoint
ALTER TABLE `drops` ADD `admission_seconds` integer;