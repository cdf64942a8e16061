import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import { writeAudit } from "@/lib/audit/writer";
import { generateApiKey } from "@/lib/auth/api-keys";
import { hashPassword } from "@/lib/auth/password";
import { inTransaction } from "@/lib/db/transaction";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { EmailAddress } from "@/lib/shared-schema/contact";
import { RoleEnum } from "@/lib/shared-schema/enums";
import { requiredText } from "@/lib/shared-schema/fields";

// Account administration used by the CLI (`user create`, `apikey create`). It lives here until a lib/users
// domain exists; the rules (validation, hashing, audit in the same transaction) are the ones that domain needs.

export const CreateUserInput = z.object({
  email: EmailAddress.transform((email) => email.toLowerCase()),
  name: requiredText(255),
  role: RoleEnum,
  // NIST SP 800-63B: length matters, composition rules do not; the upper bound keeps hashing cheap.
  password: z.string().min(12, "At least 12 characters").max(1_024, "At most 1024 characters"),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const CreateApiKeyInput = z.object({
  name: requiredText(255),
  role: RoleEnum,
  expiresDays: z.number().int().min(1).max(3_650).optional(),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const summary = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(", ")}`).join("; ");
  throw new AppError("INVALID", `Invalid ${what}: ${summary}`, fieldErrors);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** Who ran the command: CLI actions are audited like any other administration. */
function cliAudit(command: string): { actor: Actor; request: RequestInfo } {
  return {
    actor: { kind: "anonymous", id: null, name: `cli:${process.env.USER ?? "unknown"}`, role: null },
    request: { requestId: randomUUID(), ipAddress: null, userAgent: "meridian-cli", method: null, path: command, startedAt: performance.now() },
  };
}

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: z.infer<typeof RoleEnum>;
}

export async function createUser(input: unknown): Promise<CreatedUser> {
  const data = parse(CreateUserInput, input, "user");
  const passwordHash = await hashPassword(data.password);
  try {
    return await inTransaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash },
        select: { id: true, email: true, name: true, role: true },
      });
      await writeAudit(tx, { ...cliAudit("user create"), action: "user.created", outcome: "success", statusCode: 201,
        resourceType: "user", resourceId: user.id, details: { role: user.role } });
      return user;
    });
  } catch (error) {
    // The unique index decides (two concurrent creates cannot both pass a check made in code).
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `A user with e-mail ${data.email} already exists.`);
    throw error;
  }
}

export interface CreatedApiKey {
  id: string;
  name: string;
  role: z.infer<typeof RoleEnum>;
  prefix: string;
  expiresAt: Date | null;
  /** The only time the full key exists outside its owner's hands. */
  key: string;
}

export async function createApiKey(input: unknown, now: Date = new Date()): Promise<CreatedApiKey> {
  const data = parse(CreateApiKeyInput, input, "API key");
  const expiresAt = data.expiresDays ? new Date(now.getTime() + data.expiresDays * 86_400_000) : null;
  // A prefix collision (62^8 values) is astronomically rare; retrying keeps it from ever surfacing as an error.
  for (let attempt = 1; ; attempt += 1) {
    const generated = generateApiKey();
    try {
      const created = await inTransaction(async (tx) => {
        const row = await tx.apiKey.create({
          data: { name: data.name, role: data.role, prefix: generated.prefix, secretHash: generated.secretHash, expiresAt },
          select: { id: true, name: true, role: true, prefix: true, expiresAt: true },
        });
        await writeAudit(tx, { ...cliAudit("apikey create"), action: "api_key.created", outcome: "success", statusCode: 201,
          resourceType: "api_key", resourceId: row.id, details: { role: row.role, prefix: row.prefix } });
        return row;
      });
      return { ...created, key: generated.key };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}
