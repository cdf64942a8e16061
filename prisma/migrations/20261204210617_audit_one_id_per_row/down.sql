-- Undoes 20261204210617_audit_one_id_per_row: the column draws its own id again (and the trigger another).
ALTER TABLE "audit_logs" ALTER COLUMN "id" SET DEFAULT nextval('audit_logs_id_seq'::regclass);
