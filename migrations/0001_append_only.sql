-- Custom SQL migration file, put your code below! --
-- History is append-only: the database itself refuses to rewrite revisions and audit entries, so
-- that no code path (nor a stray sqlite3 session) can change what was recorded.
CREATE TRIGGER `administration_revisions_no_update` BEFORE UPDATE ON `administration_revisions`
BEGIN
	SELECT RAISE(ABORT, 'administration_revisions is append-only: add a revision instead');
END;
--> statement-breakpoint
CREATE TRIGGER `administration_revisions_no_delete` BEFORE DELETE ON `administration_revisions`
BEGIN
	SELECT RAISE(ABORT, 'administration_revisions is append-only: void the administration instead');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
