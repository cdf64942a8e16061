"use client";

import { LoaderCircle, ShieldAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { TextAreaField } from "@/components/patients/form-fields";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

export type BreakGlassAction = (input: { patientId: string; reason: string }) => Promise<ActionResult<unknown>>;

/**
 * Emergency access to a restricted chart: a reason is required, and the user is told before submitting that
 * access is time-limited and flagged for compliance review. On success the page reloads with the chart.
 */
export function BreakGlassForm({ patientId, breakGlass }: { patientId: string; breakGlass: BreakGlassAction }) {
  const router = useRouter();
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(
    (data: FormData) => breakGlass({ patientId, reason: String(data.get("reason") ?? "") }),
    () => router.refresh(),
  );
  return (
    <form ref={formRef} action={formAction} noValidate aria-label="Emergency access" className="flex flex-col gap-4">
      <FormMessage ref={messageRef} result={state.result} success="Emergency access granted. Opening the chart…" errorLabel="Emergency access error" />
      <TextAreaField
        id="break-glass-reason"
        name="reason"
        label="Reason for emergency access"
        required
        rows={3}
        hint="At least 10 characters, e.g. the clinical situation that needs this chart now."
        defaultValue={valueOf("reason")}
        errors={fieldErrors.reason}
      />
      <div>
        <Button type="submit" variant="destructive" disabled={pending}>
          {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <ShieldAlert aria-hidden="true" />}
          Break the glass
        </Button>
      </div>
    </form>
  );
}
