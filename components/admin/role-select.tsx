import type { ComponentProps } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

const ROLES = Object.keys(ROLE_LABELS) as Role[];

/** The four roles, each option saying what the role may do. */
export function RoleSelect(props: Omit<ComponentProps<"select">, "children">) {
  return (
    <NativeSelect {...props}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]} — {ROLE_DESCRIPTIONS[role]}
        </option>
      ))}
    </NativeSelect>
  );
}
