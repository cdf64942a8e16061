import { z } from "zod";
import { RoleEnum } from "@/lib/shared-schema/enums";
import { optionalField, requiredText, Uuid } from "@/lib/shared-schema/fields";

/**
 * When a key stops working: an ISO date-time with a time zone, or a calendar date (a date input's value) meaning
 * the end of that day in UTC, so a key "expiring on 1 May" still works on 1 May. Must lie in the future.
 */
const ExpiryInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "Must be a date (YYYY-MM-DD) or an ISO 8601 date-time" })
  .transform((value) => new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value))
  .refine((expiry) => expiry.getTime() > Date.now(), "Must be in the future");

export const ApiKeyCreate = z.object({
  name: requiredText(255).describe("What the key is for, e.g. Lab feed"),
  // API keys are meant for other systems, hence the integration default; any role may be given.
  role: RoleEnum.default("integration"),
  expiresAt: optionalField(ExpiryInstant).describe("Optional expiry; without it the key works until revoked"),
});
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

export const ApiKeyRevoke = z.object({ apiKeyId: Uuid });
export type ApiKeyRevoke = z.infer<typeof ApiKeyRevoke>;

export const ApiKeyStatus = z.enum(["active", "expired", "revoked"]);
export type ApiKeyStatus = z.infer<typeof ApiKeyStatus>;
