"use client";

import { LoaderCircle } from "lucide-react";
import { useId, useState } from "react";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Textarea } from "@/components/patients/textarea";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/result";

export type AlertChangeAction = (form: FormData) => Promise<ActionResult<unknown>>;

interface NoteDialogProps {
  alertId: string;
  action: AlertChangeAction;
  /** The button that opens the dialog, and the dialog's submit button. */
  label: string;
  title: string;
  description: string;
  /** The note's field name in the action's schema ("note", "reason") and its label and hint. */
  field: string;
  fieldLabel: string;
  hint: string;
  maxLength: number;
  variant?: ButtonProps["variant"];
}

/** A change that must say why (resolving, reopening): a dialog with one required note, kept as typed on an error. */
export function NoteDialog(props: NoteDialogProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={props.variant ?? "default"}>{props.label}</Button>
      </DialogTrigger>
      <DialogContent>
        <NoteForm {...props} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function NoteForm({ alertId, action, label, title, description, field, fieldLabel, hint, maxLength, onDone }: NoteDialogProps & { onDone: () => void }) {
  const id = useId();
  const fieldId = `${id}-${field}`;
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(action, onDone);
  return (
    <form ref={formRef} action={formAction} noValidate aria-label={title} className="flex flex-col gap-4">
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      <FormMessage ref={messageRef} result={state.result?.ok === false ? state.result : null} success="" errorLabel={`${label} error`} />
      <input type="hidden" name="alertId" value={alertId} />
      <div className="flex flex-col gap-2">
        <Label htmlFor={fieldId}>{fieldLabel}</Label>
        <Textarea id={fieldId} name={field} rows={4} maxLength={maxLength} defaultValue={valueOf(field)} {...fieldA11y(fieldId, fieldErrors[field], `${fieldId}-hint`)} />
        <p id={`${fieldId}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
        <FieldError id={fieldId} errors={fieldErrors[field]} />
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {label}
        </Button>
      </DialogFooter>
    </form>
  );
}
