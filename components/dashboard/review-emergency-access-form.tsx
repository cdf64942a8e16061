"use client";

import { ClipboardCheck, LoaderCircle } from "lucide-react";
import { useId, useRef, useState } from "react";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/result";

export type ReviewEmergencyAccessAction = (form: FormData) => Promise<ActionResult<{ grantId: string }>>;

interface ReviewEmergencyAccessProps {
  grantId: string;
  /** Who broke the glass, for which patient: completes the button's name and heads the dialog. */
  summary: string;
  reason: string;
  review: ReviewEmergencyAccessAction;
  /** Called once the review is recorded; the dialog has closed by then. */
  onReviewed: (summary: string) => void;
}

/** "Review" opens a dialog that shows the stated reason and records what the review found. */
export function ReviewEmergencyAccess(props: ReviewEmergencyAccessProps) {
  const [open, setOpen] = useState(false);
  // Once reviewed, the row (and this button) leaves the list: focus goes to the queue's status line instead.
  const reviewed = useRef(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <ClipboardCheck aria-hidden="true" />
          Review<span className="sr-only"> emergency access by {props.summary}</span>
        </Button>
      </DialogTrigger>
      <DialogContent onCloseAutoFocus={(event) => reviewed.current && event.preventDefault()}>
        <ReviewForm
          {...props}
          onReviewed={(summary) => {
            reviewed.current = true;
            setOpen(false);
            props.onReviewed(summary);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

function ReviewForm({ grantId, summary, reason, review, onReviewed }: ReviewEmergencyAccessProps) {
  const id = useId();
  const noteId = `${id}-note`;
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(review, () => onReviewed(summary));
  return (
    <form ref={formRef} action={formAction} noValidate aria-label="Review emergency access" className="flex flex-col gap-4">
      <DialogHeader>
        <DialogTitle>Review emergency access</DialogTitle>
        <DialogDescription>
          {summary}. Reason given: “{reason}”
        </DialogDescription>
      </DialogHeader>
      <FormMessage ref={messageRef} result={state.result?.ok === false ? state.result : null} success="" errorLabel="Review error" />
      <input type="hidden" name="grantId" value={grantId} />
      <div className="flex flex-col gap-2">
        <Label htmlFor={noteId}>What the review found</Label>
        <Input id={noteId} name="note" autoComplete="off" defaultValue={valueOf("note")} {...fieldA11y(noteId, fieldErrors.note, `${noteId}-hint`)} />
        <p id={`${noteId}-hint`} className="text-xs text-muted-foreground">
          For example, who confirmed the emergency. Recorded in the audit trail; a review cannot be withdrawn.
        </p>
        <FieldError id={noteId} errors={fieldErrors.note} />
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          Mark reviewed
        </Button>
      </DialogFooter>
    </form>
  );
}
