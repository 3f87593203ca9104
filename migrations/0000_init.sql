CREATE TABLE `administration_revisions` (
	`administration_id` text NOT NULL,
	`revision` integer NOT NULL,
	`status` text NOT NULL,
	`responses` text NOT NULL,
	`scoring` text NOT NULL,
	`reason` text,
	`notes` text,
	`author_token_id` integer NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`administration_id`, `revision`),
	FOREIGN KEY (`administration_id`) REFERENCES `administrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "administration_revisions_status_check" CHECK("administration_revisions"."status" in ('draft', 'submitted', 'void'))
);
--> statement-breakpoint
CREATE TABLE `administrations` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`occasion_id` text NOT NULL,
	`date` text NOT NULL,
	`grid` text NOT NULL,
	`version` text NOT NULL,
	`informant` text NOT NULL,
	`status` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`occasion_id`) REFERENCES `occasions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid`,`version`) REFERENCES `grid_versions`(`grid`,`version`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "administrations_status_check" CHECK("administrations"."status" in ('draft', 'submitted', 'void'))
);
--> statement-breakpoint
CREATE INDEX `administrations_case_idx` ON `administrations` (`case_id`);--> statement-breakpoint
CREATE INDEX `administrations_grid_idx` ON `administrations` (`grid`,`version`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`token_id` integer,
	`role` text,
	`action` text NOT NULL,
	`records` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_token_idx` ON `audit_log` (`token_id`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`team` text NOT NULL,
	`zone` text NOT NULL,
	`reference` text NOT NULL,
	`birth_year_month` text NOT NULL,
	`sex` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`team`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cases_sex_check" CHECK("cases"."sex" in ('F', 'M', 'X'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_team_reference_idx` ON `cases` (`team`,`reference`);--> statement-breakpoint
CREATE INDEX `cases_zone_idx` ON `cases` (`zone`);--> statement-breakpoint
CREATE TABLE `grid_versions` (
	`grid` text NOT NULL,
	`version` text NOT NULL,
	`status` text NOT NULL,
	`definition` text NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text NOT NULL,
	`published_at` text,
	`retired_at` text,
	PRIMARY KEY(`grid`, `version`),
	CONSTRAINT "grid_versions_status_check" CHECK("grid_versions"."status" in ('draft', 'published', 'retired'))
);
--> statement-breakpoint
CREATE TABLE `interventions` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`type` text NOT NULL,
	`start` text NOT NULL,
	`end` text,
	`notes` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interventions_case_idx` ON `interventions` (`case_id`);--> statement-breakpoint
CREATE TABLE `occasions` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`name` text NOT NULL,
	`date` text NOT NULL,
	`living_situation` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `occasions_case_name_idx` ON `occasions` (`case_id`,`name`);--> statement-breakpoint
CREATE TABLE `research_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`protocol` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `research_projects_name_unique` ON `research_projects` (`name`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`zone` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	`name` text,
	`team` text,
	`project` integer,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	FOREIGN KEY (`team`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project`) REFERENCES `research_projects`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tokens_role_check" CHECK("tokens"."role" in ('operator', 'coordinator', 'methodologist', 'researcher', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash_unique` ON `tokens` (`hash`);