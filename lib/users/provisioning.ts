import "server-only";
import { writeAudit, type AuditEntry } from "@/lib/audit/writer";
import { hashPassword } from "@/lib/auth/password";
import { isUniqueViolation } from "@/lib/db/errors";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import type { UserCreate } from "@/lib/users/schema";

// Account creation for every caller: the admin pages (through service.ts, which checks users:manage first) and
// the CLI (lib/seed/accounts.ts), whose authority is shell access to the database. Nothing here checks a
// permission, so nothing under app/ may import this module.

export type AuditSource = Pick<AuditEntry, "actor" | "request">;

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Creates the account with an argon2id hash; its audit row commits with it. */
export async function registerUser(input: UserCreate, source: AuditSource): Promise<CreatedUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: { id: true, email: true, name: true, role: true },
      });
      await writeAudit(tx, {
        ...source,
        action: "user.created",
        outcome: "success",
        statusCode: 201,
        resourceType: "user",
        resourceId: user.id,
        details: { role: user.role },
      });
      return user;
    });
  } catch (error) {
    // The unique index decides: two concurrent creates cannot both pass a check made in code.
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `A user with e-mail ${input.email} already exists.`, {
        email: ["A user with this e-mail already exists"],
      });
    }
    throw error;
  }
}
