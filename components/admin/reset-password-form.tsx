"use client";

import { KeyRound, LoaderCircle } from "lucide-react";
import { sessionsText } from "@/components/admin/format";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/result";
import type { AccountChange } from "@/lib/users/service";

export type ResetPasswordAction = (form: FormData) => Promise<ActionResult<AccountChange>>;

export function ResetPasswordForm({ userId, resetPassword }: { userId: string; resetPassword: ResetPasswordAction }) {
  const { state, formAction, pending, formRef, messageRef, fieldErrors } = useActionForm(resetPassword);
  const reset = state.result?.ok ? state.result.data : null;

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3" aria-busy={pending} noValidate>
      <FormMessage
        ref={messageRef}
        result={state.result}
        errorLabel="Reset password error"
        success={reset ? `Password reset; ${sessionsText(reset.sessionsEnded)}.` : ""}
      />
      <input type="hidden" name="userId" value={userId} />
      <div className="flex flex-col gap-2">
        <Label htmlFor="new-password">New password</Label>
        <Input
          id="new-password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          {...fieldA11y("new-password", fieldErrors.password, "new-password-hint")}
        />
        <p id="new-password-hint" className="text-xs text-muted-foreground">
          At least 12 characters. Also lifts a sign-in lockout and signs the user out everywhere.
        </p>
        <FieldError id="new-password" errors={fieldErrors.password} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="confirm-password">Repeat the new password</Label>
        <Input
          id="confirm-password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          {...fieldA11y("confirm-password", fieldErrors.confirmPassword)}
        />
        <FieldError id="confirm-password" errors={fieldErrors.confirmPassword} />
      </div>
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <KeyRound aria-hidden="true" />}
          {pending ? "Resetting…" : "Reset password"}
        </Button>
      </div>
    </form>
  );
}
