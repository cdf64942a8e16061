import type { Role } from "@/lib/generated/prisma/enums";

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** Sign-ins created by the demo seed and printed by `npm run dev`. Demo data only: never seed these in production. */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: "admin@meridian.test", name: "Ada Admin", role: "admin", password: "meridian-admin-demo" },
  { email: "clinician@meridian.test", name: "Chris Clinician", role: "clinician", password: "meridian-clinician-demo" },
  { email: "compliance@meridian.test", name: "Casey Compliance", role: "compliance", password: "meridian-compliance-demo" },
];
