ALTER TABLE `drops` ADD `admission` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `drops` ADD `claim_seconds` integer;--> statement-breakpoint
ALTER TABLE `drops` ADD `raffle_commitment` text;