"use client";

import { LoaderCircle, UserPlus } from "lucide-react";
import Link from "next/link";
import { RoleSelect } from "@/components/admin/role-select";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/result";
import type { CreatedUser } from "@/lib/users/provisioning";

export type CreateUserAction = (form: FormData) => Promise<ActionResult<CreatedUser>>;

/** New account: the administrator chooses the first password and passes it on; the user can be reset later. */
export function CreateUserForm({ createUser }: { createUser: CreateUserAction }) {
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(createUser);
  const created = state.result?.ok ? state.result.data : null;
  // After a failure the fields keep what was typed; after a success the form starts afresh.
  const keep = (name: string, initial = "") => (created ? initial : valueOf(name, initial));

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-4" aria-busy={pending} noValidate>
      <FormMessage
        ref={messageRef}
        result={state.result}
        errorLabel="Create user error"
        success={created ? `Created ${created.name} (${created.email}).` : ""}
      />
      {created && (
        <p className="text-sm">
          <Link className="font-medium text-primary underline-offset-4 hover:underline" href={`/admin/users/${created.id}`}>
            Open {created.name}
          </Link>
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-2">
          <Label htmlFor="new-user-name">Name</Label>
          <Input id="new-user-name" name="name" autoComplete="off" required defaultValue={keep("name")} {...fieldA11y("new-user-name", fieldErrors.name)} />
          <FieldError id="new-user-name" errors={fieldErrors.name} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="new-user-email">Email</Label>
          <Input
            id="new-user-email"
            name="email"
            type="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            defaultValue={keep("email")}
            {...fieldA11y("new-user-email", fieldErrors.email)}
          />
          <FieldError id="new-user-email" errors={fieldErrors.email} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="new-user-role">Role</Label>
          <RoleSelect id="new-user-role" name="role" defaultValue={keep("role", "clinician")} {...fieldA11y("new-user-role", fieldErrors.role)} />
          <FieldError id="new-user-role" errors={fieldErrors.role} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="new-user-password">Initial password</Label>
          {/* Never restored after a failed submission: a password is not kept in the page. */}
          <Input
            id="new-user-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            {...fieldA11y("new-user-password", fieldErrors.password, "new-user-password-hint")}
          />
          <p id="new-user-password-hint" className="text-xs text-muted-foreground">
            At least 12 characters. Give it to the user through a separate channel.
          </p>
          <FieldError id="new-user-password" errors={fieldErrors.password} />
        </div>
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <UserPlus aria-hidden="true" />}
          {pending ? "Creating…" : "Create user"}
        </Button>
      </div>
    </form>
  );
}
