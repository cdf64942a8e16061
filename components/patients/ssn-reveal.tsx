"use client";

import { Eye, EyeOff, LoaderCircle } from "lucide-react";
import { useRef, useState } from "react";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { formatSsn, maskedSsn } from "@/components/ui/format";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
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
 * "Reveal" asks why (the reason goes into the audit trail) and shows the full number the server action returns;
 * it lives only in this component's state, and "Hide" drops it.
 */
function RevealableSsn({ patientId, masked, reveal }: { patientId: string; masked: string; reveal: RevealSsnAction }) {
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const revealButton = useRef<HTMLButtonElement>(null);
  const revealedText = useRef<HTMLSpanElement>(null);
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(
    (data: FormData) => reveal({ patientId, reason: String(data.get("reason") ?? "") }),
    (ssn) => {
      setRevealed(ssn === null ? "Not on file" : formatSsn(ssn));
      setAsking(false);
      requestAnimationFrame(() => revealedText.current?.focus());
    },
  );

  function close(next: () => void) {
    next();
    requestAnimationFrame(() => revealButton.current?.focus());
  }

  if (revealed) {
    return (
      <span className="inline-flex items-center gap-2">
        <span ref={revealedText} tabIndex={-1} className="font-mono">
          {revealed}
        </span>
        <Button variant="ghost" size="sm" onClick={() => close(() => setRevealed(null))}>
          <EyeOff aria-hidden="true" />
          Hide
        </Button>
      </span>
    );
  }

  const reasonErrors = fieldErrors.reason;
  return (
    <span className="inline-flex flex-col gap-2">
      <span className="inline-flex items-center gap-2">
        <span className="font-mono">{masked}</span>
        {!asking && (
          <Button ref={revealButton} variant="outline" size="sm" onClick={() => setAsking(true)}>
            <Eye aria-hidden="true" />
            Reveal
          </Button>
        )}
      </span>
      {asking && (
        <form ref={formRef} action={formAction} noValidate aria-label="Reveal SSN" className="flex w-full max-w-sm flex-col gap-2 rounded-md border bg-muted/40 p-3">
          <FormMessage ref={messageRef} result={state.result?.ok === false ? state.result : null} success="" errorLabel="SSN reveal error" />
          <Label htmlFor="ssn-reason">Reason for revealing the SSN</Label>
          <Input
            id="ssn-reason"
            name="reason"
            autoFocus
            autoComplete="off"
            defaultValue={valueOf("reason")}
            aria-required="true"
            {...fieldA11y("ssn-reason", reasonErrors, "ssn-reason-hint")}
          />
          <p id="ssn-reason-hint" className="text-xs text-muted-foreground">
            At least 10 characters. Recorded in the audit trail with your name.
          </p>
          <FieldError id="ssn-reason" errors={reasonErrors} />
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={pending}>
              {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
              Reveal SSN
            </Button>
            <Button variant="ghost" size="sm" onClick={() => close(() => setAsking(false))}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </span>
  );
}
