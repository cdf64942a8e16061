-- Undoes 20261126231303_user_sessions: signed-in sessions are forgotten (everyone signs in again).
DROP TABLE IF EXISTS "user_sessions";
