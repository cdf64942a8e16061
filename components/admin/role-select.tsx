"use client";

import { useEffect, useRef, useState, type ComponentProps } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

const ROLES = Object.keys(ROLE_LABELS) as Role[];
const DESCRIPTIONS = new Map<string, string>(Object.entries(ROLE_DESCRIPTIONS));

type RoleSelectProps = Omit<ComponentProps<"select">, "children" | "id" | "defaultValue" | "value" | "onChange" | "ref"> & {
  id: string;
  defaultValue: string;
};

/**
 * The four roles by name, with what the chosen one may do written under the select. (With the descriptions in
 * the options, the closed select was too wide for its column and cut off.)
 */
export function RoleSelect({ id, defaultValue, "aria-describedby": describedBy, ...props }: RoleSelectProps) {
  const selectRef = useRef<HTMLSelectElement>(null);
  const [role, setRole] = useState(defaultValue);

  // React resets a form after its action; the description then follows the select back to its default.
  useEffect(() => {
    const form = selectRef.current?.form;
    if (!form) return;
    const followReset = () => queueMicrotask(() => setRole(selectRef.current?.value ?? ""));
    form.addEventListener("reset", followReset);
    return () => form.removeEventListener("reset", followReset);
  }, []);

  const descriptionId = `${id}-description`;
  return (
    <>
      <NativeSelect
        {...props}
        ref={selectRef}
        id={id}
        defaultValue={defaultValue}
        onChange={(event) => setRole(event.currentTarget.value)}
        aria-describedby={[descriptionId, describedBy].filter(Boolean).join(" ")}
      >
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </NativeSelect>
      <p id={descriptionId} className="text-xs text-muted-foreground">
        {DESCRIPTIONS.get(role)}
      </p>
    </>
  );
}
