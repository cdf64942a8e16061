import type { Role } from "@/lib/generated/prisma/enums";

export type { Role };

/** How each role is shown in the UI. Permissions per role come later, in lib/auth/permissions.ts. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  clinician: "Clinician",
  compliance: "Compliance",
  integration: "Integration",
};
