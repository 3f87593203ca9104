CREATE TABLE `idempotency_keys` (
	`token_id` integer NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`administration_id` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`token_id`, `key`),
	FOREIGN KEY (`token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`administration_id`) REFERENCES `administrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- A key, once taken, keeps naming the write it was taken by: a retry must never be able to find
-- another answer under it.
CREATE TRIGGER `idempotency_keys_no_update` BEFORE UPDATE ON `idempotency_keys`
BEGIN
	SELECT RAISE(ABORT, 'idempotency_keys is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `idempotency_keys_no_delete` BEFORE DELETE ON `idempotency_keys`
BEGIN
	SELECT RAISE(ABORT, 'idempotency_keys is append-only');
END;
