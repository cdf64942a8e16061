import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { issueApiKey, type IssuedApiKey } from "@/lib/api-keys/provisioning";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { RoleEnum } from "@/lib/shared-schema/enums";
import { requiredText } from "@/lib/shared-schema/fields";
import { registerUser, type AuditSource, type CreatedUser } from "@/lib/users/provisioning";
import { UserCreate } from "@/lib/users/schema";

// The CLI's `user create` and `apikey create`: the same provisioning as the admin pages, without a permission
// check (shell access to the database is the authority), audited as the CLI's operator.

export const CreateApiKeyInput = z.object({
  name: requiredText(255),
  role: RoleEnum,
  expiresDays: z.number().int().min(1).max(3_650).optional(),
});

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const summary = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(", ")}`).join("; ");
  throw new AppError("INVALID", `Invalid ${what}: ${summary}`, fieldErrors);
}

function cliAudit(command: string): AuditSource {
  return {
    actor: { kind: "anonymous", id: null, name: `cli:${process.env.USER ?? "unknown"}`, role: null },
    request: { requestId: randomUUID(), ipAddress: null, userAgent: "meridian-cli", method: null, path: command, startedAt: performance.now() },
  };
}

export async function createUser(input: unknown): Promise<CreatedUser> {
  return registerUser(parse(UserCreate, input, "user"), cliAudit("user create"));
}

export async function createApiKey(input: unknown, now: Date = new Date()): Promise<IssuedApiKey> {
  const data = parse(CreateApiKeyInput, input, "API key");
  const expiresAt = data.expiresDays ? new Date(now.getTime() + data.expiresDays * 86_400_000) : null;
  return issueApiKey({ name: data.name, role: data.role, expiresAt }, cliAudit("apikey create"));
}
