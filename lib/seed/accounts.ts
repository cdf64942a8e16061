import "server-only";
import { z } from "zod";
import type { IssuedApiKey } from "@/lib/api-keys/provisioning";
import { ApiKeyCreate } from "@/lib/api-keys/schema";
import { createApiKey as issueApiKey } from "@/lib/api-keys/service";
import { cliContext } from "@/lib/auth/cli-context";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import type { CreatedUser } from "@/lib/users/provisioning";
import { UserCreate } from "@/lib/users/schema";
import { createUser as registerUser } from "@/lib/users/service";

// Accounts and keys created from the command line (and by tests that need one): the admin pages' own domain
// functions, called with the CLI's context (lib/auth/cli-context.ts), so validation, permission check and audit row
// are the ones the web app has.

/** Input checked against a boundary's schema, or an INVALID error naming every bad field on one line. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const summary = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(", ")}`).join("; ");
  throw new AppError("INVALID", `Invalid ${what}: ${summary}`, fieldErrors);
}

export async function createUser(input: unknown): Promise<CreatedUser> {
  return registerUser(cliContext("user create", "admin"), parseInput(UserCreate, input, "user"));
}

const CliApiKeyCreate = z.looseObject({ expiresDays: z.number().int().min(1).max(3_650).optional() });

/** `expiresDays` (the CLI's option) becomes the expiry instant the web form would send. */
export async function createApiKey(input: unknown, now: Date = new Date()): Promise<IssuedApiKey> {
  const { expiresDays, ...rest } = parseInput(CliApiKeyCreate, input, "API key");
  const expiresAt = expiresDays ? new Date(now.getTime() + expiresDays * 86_400_000).toISOString() : undefined;
  return issueApiKey(cliContext("apikey create", "admin"), parseInput(ApiKeyCreate, { ...rest, expiresAt }, "API key"));
}
