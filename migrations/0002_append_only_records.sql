-- Custom SQL migration file, put your code below! --
-- Cases, occasions, interventions and administrations are history too: the database itself refuses
-- to rewrite or remove them, so that no code path (nor a stray sqlite3 session) can change what was
-- recorded. The one change the service makes is to an administration's header when a revision is
-- added (src/storage/sqlite.ts, addRevision): its `status` and its current `revision` number follow
-- the latest revision. Every other column keeps the value it was inserted with; the revision number
-- never goes back, and a void administration stays void.
CREATE TRIGGER `cases_no_update` BEFORE UPDATE ON `cases`
BEGIN
	SELECT RAISE(ABORT, 'cases is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `cases_no_delete` BEFORE DELETE ON `cases`
BEGIN
	SELECT RAISE(ABORT, 'cases is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `occasions_no_update` BEFORE UPDATE ON `occasions`
BEGIN
	SELECT RAISE(ABORT, 'occasions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `occasions_no_delete` BEFORE DELETE ON `occasions`
BEGIN
	SELECT RAISE(ABORT, 'occasions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `interventions_no_update` BEFORE UPDATE ON `interventions`
BEGIN
	SELECT RAISE(ABORT, 'interventions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `interventions_no_delete` BEFORE DELETE ON `interventions`
BEGIN
	SELECT RAISE(ABORT, 'interventions is append-only');
END;
--> statement-breakpoint
-- `IS NOT` compares NULLs as values, so a column set to or from NULL counts as changed.
CREATE TRIGGER `administrations_no_rewrite` BEFORE UPDATE ON `administrations`
WHEN NEW.`id` IS NOT OLD.`id`
	OR NEW.`case_id` IS NOT OLD.`case_id`
	OR NEW.`occasion_id` IS NOT OLD.`occasion_id`
	OR NEW.`date` IS NOT OLD.`date`
	OR NEW.`grid` IS NOT OLD.`grid`
	OR NEW.`version` IS NOT OLD.`version`
	OR NEW.`informant` IS NOT OLD.`informant`
	OR NEW.`created_at` IS NOT OLD.`created_at`
	OR NEW.`revision` < OLD.`revision`
	OR (OLD.`status` = 'void' AND NEW.`status` IS NOT 'void')
BEGIN
	SELECT RAISE(ABORT, 'administrations is append-only: only status and revision follow a new revision');
END;
--> statement-breakpoint
CREATE TRIGGER `administrations_no_delete` BEFORE DELETE ON `administrations`
BEGIN
	SELECT RAISE(ABORT, 'administrations is append-only: void the administration instead');
END;
