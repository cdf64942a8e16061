"use client";

import { LoaderCircle } from "lucide-react";
import { useId, useState } from "react";
import { SelectField, TextField } from "@/components/patients/form-fields";
import { humanize } from "@/components/ui/format";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
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

/** "Change status" opens a dialog: the new status and an optional reason for the audit trail. */
export function MedicationStatusForm({ medicationId, medicationName, status, change }: MedicationStatusFormProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Change status<span className="sr-only"> of {medicationName}</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <StatusForm medicationId={medicationId} medicationName={medicationName} status={status} change={change} onChanged={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function StatusForm({ medicationId, medicationName, status, change, onChanged }: MedicationStatusFormProps & { onChanged: () => void }) {
  const id = useId();
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm((data: FormData) => {
    const reason = String(data.get("reason") ?? "").trim();
    return change({ medicationId, status: String(data.get("status") ?? ""), ...(reason ? { reason } : {}) });
  }, onChanged);
  return (
    <form ref={formRef} action={formAction} noValidate aria-label={`Change status of ${medicationName}`} className="flex flex-col gap-4">
      <DialogHeader>
        <DialogTitle>Change medication status</DialogTitle>
        <DialogDescription>
          {medicationName}, now {humanize(status).toLowerCase()}. The change and its reason are recorded in the audit trail.
        </DialogDescription>
      </DialogHeader>
      <FormMessage ref={messageRef} result={state.result?.ok === false ? state.result : null} success="" errorLabel="Medication status error" />
      <SelectField id={`${id}-status`} name="status" label="New status" options={STATUS_OPTIONS} defaultValue={valueOf("status", status)} errors={fieldErrors.status} />
      <TextField id={`${id}-reason`} name="reason" label="Reason (optional)" autoComplete="off" defaultValue={valueOf("reason")} errors={fieldErrors.reason} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          Save status
        </Button>
      </DialogFooter>
    </form>
  );
}
