import { z } from "zod";
import { EmailAddress } from "@/lib/shared-schema/contact";
import { RoleEnum } from "@/lib/shared-schema/enums";
import { requiredText, singleLine, Uuid } from "@/lib/shared-schema/fields";
import { REQUIRED, requiredOr } from "@/lib/shared-schema/messages";
import { paginationShape, prepareQuery, queryParam, sortShape } from "@/lib/shared-schema/query";

// The boundaries of user administration: each schema is shared by its form (field names), its server action
// (parsing) and the domain function (its input type).

/** NIST SP 800-63B: length matters, composition rules do not; the upper bound keeps argon2 hashing cheap. */
export const NewPassword = z
  .string({ error: requiredOr() })
  .min(1, { error: REQUIRED, abort: true })
  .min(12, "At least 12 characters")
  .max(1_024, "At most 1024 characters");

export const UserCreate = z.object({
  email: EmailAddress.transform((email) => email.toLowerCase()),
  name: requiredText(255),
  role: RoleEnum,
  password: NewPassword,
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserRef = z.object({ userId: Uuid });
export type UserRef = z.infer<typeof UserRef>;

export const UserRoleChange = UserRef.extend({ role: RoleEnum });
export type UserRoleChange = z.infer<typeof UserRoleChange>;

export const PasswordReset = UserRef.extend({ password: NewPassword, confirmPassword: z.string() }).refine(
  (input) => input.password === input.confirmPassword,
  { path: ["confirmPassword"], message: "The passwords do not match" },
);
export type PasswordReset = z.infer<typeof PasswordReset>;

export const SessionRevoke = z.object({ sessionId: Uuid });
export type SessionRevoke = z.infer<typeof SessionRevoke>;

export const UserStatusFilter = z.enum(["active", "inactive"]).describe("Active or deactivated accounts");
export type UserStatusFilter = z.infer<typeof UserStatusFilter>;

/** The user list's columns, each sortable by the server: status sorts active accounts first when ascending. */
export const USER_SORT_FIELDS = ["name", "email", "role", "status", "lastLoginAt"] as const;
export const UserSortField = z.enum(USER_SORT_FIELDS).describe("User list sort field");
export type UserSortField = z.infer<typeof UserSortField>;

/** The user list's query string: free text over name and e-mail, role, status, sort and the page. */
export const UserListCriteria = z.preprocess(
  prepareQuery,
  z.object({
    q: queryParam(singleLine(255)).describe("Part of the name or e-mail"),
    role: queryParam(RoleEnum),
    status: queryParam(UserStatusFilter),
    ...sortShape(USER_SORT_FIELDS),
    ...paginationShape,
  }),
);
export type UserListCriteria = z.infer<typeof UserListCriteria>;
