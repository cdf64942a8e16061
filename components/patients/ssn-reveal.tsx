"use client";

import { Eye, EyeOff, LoaderCircle } from "lucide-react";
import { useRef, useState } from "react";
import { TextField } from "@/components/patients/form-fields";
import { formatSsn, maskedSsn } from "@/components/ui/format";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";

export type RevealSsnAction = (input: { patientId: string; reason: string }) => Promise<ActionResult<string | null>>;

interface SsnRevealProps {
  patientId: string;
  ssnLast4: string | null;
  /** Only for users with patients:reveal_ssn; the server checks again. */
  reveal?: RevealSsnAction;
}

/** The SSN masked to its last four digits, with a "Reveal" control for users who may see it. */
export function SsnReveal({ patientId, ssnLast4, reveal }: SsnRevealProps) {
  const masked = maskedSsn(ssnLast4);
  if (masked === null) return <span className="text-muted-foreground">Not on file</span>;
  if (!reveal) return <span className="font-mono">{masked}</span>;
  return <RevealableSsn patientId={patientId} masked={masked} reveal={reveal} />;
}

/**
 * "Reveal" opens a dialog that asks why (the reason goes into the audit trail); the full number the server action
 * returns replaces the mask. It lives only in this component's state, and "Hide" drops it.
 */
function RevealableSsn({ patientId, masked, reveal }: { patientId: string; masked: string; reveal: RevealSsnAction }) {
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const revealButton = useRef<HTMLButtonElement>(null);
  const revealedText = useRef<HTMLSpanElement>(null);

  function hide() {
    setRevealed(null);
    requestAnimationFrame(() => revealButton.current?.focus());
  }

  if (revealed) {
    return (
      <span className="inline-flex items-center gap-2">
        <span ref={revealedText} tabIndex={-1} className="font-mono">
          {revealed}
        </span>
        <Button variant="ghost" size="sm" onClick={hide}>
          <EyeOff aria-hidden="true" />
          Hide
        </Button>
      </span>
    );
  }

  return (
    <span className="inline-flex items-center gap-2">
      <span className="font-mono">{masked}</span>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button ref={revealButton} variant="outline" size="sm">
            <Eye aria-hidden="true" />
            Reveal
          </Button>
        </DialogTrigger>
        <DialogContent
          onCloseAutoFocus={(event) => {
            // After a reveal the trigger is gone: focus the number instead.
            if (!revealedText.current) return;
            event.preventDefault();
            revealedText.current.focus();
          }}
        >
          <RevealForm
            patientId={patientId}
            reveal={reveal}
            onRevealed={(ssn) => {
              setRevealed(ssn === null ? "Not on file" : formatSsn(ssn));
              setOpen(false);
            }}
          />
        </DialogContent>
      </Dialog>
    </span>
  );
}

function RevealForm({ patientId, reveal, onRevealed }: { patientId: string; reveal: RevealSsnAction; onRevealed: (ssn: string | null) => void }) {
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(
    (data: FormData) => reveal({ patientId, reason: String(data.get("reason") ?? "") }),
    onRevealed,
  );
  return (
    <form ref={formRef} action={formAction} noValidate aria-label="Reveal SSN" className="flex flex-col gap-4">
      <DialogHeader>
        <DialogTitle>Reveal the full SSN</DialogTitle>
        <DialogDescription>Say why you need it. The reason is recorded in the audit trail with your name.</DialogDescription>
      </DialogHeader>
      <FormMessage ref={messageRef} result={state.result?.ok === false ? state.result : null} success="" errorLabel="SSN reveal error" />
      <TextField
        id="ssn-reason"
        name="reason"
        label="Reason for revealing the SSN"
        required
        autoComplete="off"
        hint="At least 10 characters."
        defaultValue={valueOf("reason")}
        errors={fieldErrors.reason}
      />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          Reveal SSN
        </Button>
      </DialogFooter>
    </form>
  );
}
