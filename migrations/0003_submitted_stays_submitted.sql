-- A submitted administration never goes back to draft (SPEC 6: submitted administrations are
-- amended, never reopened). The service refuses it before writing; this holds even when two
-- amendments race past that check, since the header update runs inside the write's transaction.
CREATE TRIGGER `administrations_submitted_stays_submitted` BEFORE UPDATE OF `status` ON `administrations`
WHEN OLD.`status` = 'submitted' AND NEW.`status` = 'draft'
BEGIN
	SELECT RAISE(ABORT, 'a submitted administration does not go back to draft');
END;
