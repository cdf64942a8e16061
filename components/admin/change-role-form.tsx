"use client";

import { LoaderCircle } from "lucide-react";
import { sessionsText } from "@/components/admin/format";
import { RoleSelect } from "@/components/admin/role-select";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/result";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";
import type { AccountChange } from "@/lib/users/service";

export type ChangeRoleAction = (form: FormData) => Promise<ActionResult<AccountChange & { role: Role }>>;

export function ChangeRoleForm({ userId, role, changeRole }: { userId: string; role: Role; changeRole: ChangeRoleAction }) {
  const { state, formAction, pending, formRef, messageRef, fieldErrors } = useActionForm(changeRole);
  const changed = state.result?.ok ? state.result.data : null;

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" aria-busy={pending}>
      <FormMessage
        ref={messageRef}
        result={state.result}
        errorLabel="Change role error"
        success={changed ? `Role changed to ${ROLE_LABELS[changed.role]}; ${sessionsText(changed.sessionsEnded)}.` : ""}
      />
      <input type="hidden" name="userId" value={userId} />
      <div className="flex flex-col gap-2">
        <Label htmlFor="role">Role</Label>
        {/* Keyed by the current role so the select follows it after the page refreshes. */}
        <RoleSelect key={role} id="role" name="role" defaultValue={role} {...fieldA11y("role", fieldErrors.role, "role-hint")} />
        <p id="role-hint" className="text-xs text-muted-foreground">
          Changing the role signs the user out everywhere.
        </p>
        <FieldError id="role" errors={fieldErrors.role} />
      </div>
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {pending ? "Changing…" : "Change role"}
        </Button>
      </div>
    </form>
  );
}
