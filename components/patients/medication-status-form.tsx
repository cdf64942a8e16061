"use client";

import { LoaderCircle } from "lucide-react";
import { useId, useRef, useState } from "react";
import { SelectField, TextField } from "@/components/patients/form-fields";
import { humanize } from "@/components/ui/format";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import { MedicationStatusEnum } from "@/lib/shared-schema/enums";

export type MedicationStatusInput = {
  medicationId: string;
  status: string;
  reason?: string;
};

export type ChangeMedicationStatusAction = (input: MedicationStatusInput) => Promise<ActionResult<unknown>>;

const STATUS_OPTIONS = MedicationStatusEnum.options.map((status) => ({ value: status, label: humanize(status) }));

interface MedicationStatusFormProps {
  medicationId: string;
  medicationName: string;
  status: string;
  change: ChangeMedicationStatusAction;
}

/** "Change status" opens a small form under the button: the new status and an optional reason for the audit trail. */
export function MedicationStatusForm({ medicationId, medicationName, status, change }: MedicationStatusFormProps) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm((data: FormData) => {
    const reason = String(data.get("reason") ?? "").trim();
    return change({ medicationId, status: String(data.get("status") ?? ""), ...(reason ? { reason } : {}) });
  });

  function close() {
    setOpen(false);
    requestAnimationFrame(() => toggle.current?.focus());
  }

  return (
    <div className="flex flex-col items-start gap-2">
      <Button ref={toggle} variant="outline" size="sm" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => (open ? close() : setOpen(true))}>
        Change status<span className="sr-only"> of {medicationName}</span>
      </Button>
      {open && (
        <form
          id={`${id}-form`}
          ref={formRef}
          action={formAction}
          noValidate
          aria-label={`Change status of ${medicationName}`}
          className="flex w-64 flex-col gap-3 rounded-md border bg-muted/40 p-3"
        >
          <FormMessage ref={messageRef} result={state.result} success="Status changed." errorLabel="Medication status error" />
          <SelectField id={`${id}-status`} name="status" label="New status" options={STATUS_OPTIONS} defaultValue={valueOf("status", status)} errors={fieldErrors.status} />
          <TextField id={`${id}-reason`} name="reason" label="Reason (optional)" autoComplete="off" defaultValue={valueOf("reason")} errors={fieldErrors.reason} />
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={pending}>
              {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
              Save status
            </Button>
            <Button variant="ghost" size="sm" onClick={close}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
