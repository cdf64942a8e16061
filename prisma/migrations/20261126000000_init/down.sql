-- Undoes 20261126000000_init. Tables go first (children before parents), then the enum types.
-- pg_trgm is left installed: other database objects or later tooling may rely on it, and it holds no data.
DROP TABLE IF EXISTS "api_keys";
DROP TABLE IF EXISTS "users";
DROP TABLE IF EXISTS "audit_logs";
DROP TABLE IF EXISTS "hl7_messages";
DROP TABLE IF EXISTS "emr_connections";
DROP TABLE IF EXISTS "allergies";
DROP TABLE IF EXISTS "medications";
DROP TABLE IF EXISTS "observations";
DROP TABLE IF EXISTS "patients";

DROP TYPE IF EXISTS "Role";
DROP TYPE IF EXISTS "EMRType";
DROP TYPE IF EXISTS "HL7Status";
DROP TYPE IF EXISTS "HL7Direction";
DROP TYPE IF EXISTS "AllergyCriticality";
DROP TYPE IF EXISTS "AllergyVerificationStatus";
DROP TYPE IF EXISTS "AllergyClinicalStatus";
DROP TYPE IF EXISTS "AllergyCategory";
DROP TYPE IF EXISTS "AllergyType";
DROP TYPE IF EXISTS "MedicationStatus";
DROP TYPE IF EXISTS "ObservationStatus";
DROP TYPE IF EXISTS "ObservationType";
DROP TYPE IF EXISTS "Gender";
