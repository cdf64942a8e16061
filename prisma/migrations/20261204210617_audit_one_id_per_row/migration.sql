-- One sequence value per audit row. The column default drew an id and the chain trigger drew another on top of it,
-- so ids went 2, 4, 6 … and auditors read the gaps as deleted rows. The trigger keeps drawing the id (under its
-- lane's lock, so id order within a lane stays chain order); the column no longer does. The sequence stays owned
-- by the column, which is how the trigger finds it.
ALTER TABLE "audit_logs" ALTER COLUMN "id" DROP DEFAULT;
