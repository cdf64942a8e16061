"use client";

import { LoaderCircle, Lock, LockOpen } from "lucide-react";
import { useState } from "react";
import { TextAreaField } from "@/components/patients/form-fields";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";

export type ChangeRestrictionAction = (input: { patientId: string; restricted: boolean; reason: string }) => Promise<ActionResult<unknown>>;

interface RestrictionControlProps {
  patientId: string;
  restricted: boolean;
  change: ChangeRestrictionAction;
}

/**
 * For users with patients:restrict: restrict the chart (emergency access only from then on) or lift the
 * restriction, in a dialog that asks for the reason the audit trail keeps.
 */
export function RestrictionControl({ patientId, restricted, change }: RestrictionControlProps) {
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const label = restricted ? "Lift restriction" : "Restrict chart";
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button variant={restricted ? "outline" : "destructive"} size="sm">
            {restricted ? <LockOpen aria-hidden="true" /> : <Lock aria-hidden="true" />}
            {label}
          </Button>
        </DialogTrigger>
        <DialogContent>
          <RestrictionForm
            patientId={patientId}
            restricted={restricted}
            change={change}
            onChanged={() => {
              setAnnouncement(restricted ? "Restriction lifted." : "Chart restricted.");
              setOpen(false);
            }}
          />
        </DialogContent>
      </Dialog>
      <p role="status" className="text-sm text-muted-foreground">
        {announcement}
      </p>
    </div>
  );
}

function RestrictionForm({ patientId, restricted, change, onChanged }: RestrictionControlProps & { onChanged: () => void }) {
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(
    (data: FormData) => change({ patientId, restricted: !restricted, reason: String(data.get("reason") ?? "") }),
    onChanged,
  );
  return (
    <form ref={formRef} action={formAction} noValidate aria-label={restricted ? "Lift restriction" : "Restrict chart"} className="flex flex-col gap-4">
      <DialogHeader>
        <DialogTitle>{restricted ? "Lift the restriction" : "Restrict this chart"}</DialogTitle>
        <DialogDescription>
          {restricted
            ? "Every clinician will be able to open the chart again without emergency access."
            : "Clinicians will open the chart only through emergency access, which is time-limited and flagged for review."}{" "}
          The reason is recorded in the audit trail with your name.
        </DialogDescription>
      </DialogHeader>
      <FormMessage ref={messageRef} result={state.result?.ok === false ? state.result : null} success="" errorLabel="Restriction error" />
      <TextAreaField
        id="restriction-reason"
        name="reason"
        label="Reason"
        required
        rows={3}
        hint="At least 10 characters, e.g. the patient's request or the privacy decision."
        defaultValue={valueOf("reason")}
        errors={fieldErrors.reason}
      />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" variant={restricted ? "default" : "destructive"} disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {restricted ? "Lift restriction" : "Restrict chart"}
        </Button>
      </DialogFooter>
    </form>
  );
}
