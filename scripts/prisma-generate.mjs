// Generates the Prisma client offline. `prisma generate` only checks that a schema-engine binary
// exists (it never runs it), and that binary cannot be downloaded here, so point at any file.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
};
execFileSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
