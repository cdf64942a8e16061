"use client";

import { LoaderCircle } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, type ButtonProps } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

interface ConfirmActionProps {
  /** A server action taking the hidden `fields`. */
  action: (form: FormData) => Promise<ActionResult<unknown>>;
  fields: Record<string, string>;
  /** Visible button text, e.g. "Revoke". */
  label: string;
  /** Completes the button's accessible name in a list of many, e.g. " key Lab feed" → "Revoke key Lab feed". */
  srContext?: string;
  /** Asked before acting; without it the button acts at once. */
  question?: ReactNode;
  pendingLabel: string;
  success: string;
  errorLabel: string;
  variant?: ButtonProps["variant"];
}

/**
 * One button for a one-field change (revoke, deactivate): with a `question`, the first press asks and a second,
 * explicit "Yes" acts, so a stray click or keypress never revokes anything.
 */
export function ConfirmAction({ action, fields, label, srContext, question, pendingLabel, success, errorLabel, variant = "outline" }: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const { state, formAction, pending, formRef, messageRef } = useActionForm((form) => action(form), () => setAsking(false));
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  const hidden = Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
  const context = srContext && <span className="sr-only">{srContext}</span>;

  return (
    <form ref={formRef} action={formAction} className="flex flex-col items-start gap-2" aria-busy={pending}>
      {hidden}
      {asking && question ? (
        <div role="group" aria-label={`Confirm: ${label}${srContext ?? ""}`} className="flex flex-wrap items-center gap-2">
          <span className="text-sm">{question}</span>
          <Button ref={confirmRef} type="submit" size="sm" variant="destructive" disabled={pending}>
            {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
            {pending ? (
              pendingLabel
            ) : (
              <>
                Yes, {label.toLowerCase()}
                {context}
              </>
            )}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setAsking(false)} disabled={pending}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button type={question ? "button" : "submit"} size="sm" variant={variant} disabled={pending} onClick={question ? () => setAsking(true) : undefined}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {pending ? (
            pendingLabel
          ) : (
            <>
              {label}
              {context}
            </>
          )}
        </Button>
      )}
      {state.result && !state.result.ok && <FormMessage ref={messageRef} result={state.result} success={success} errorLabel={errorLabel} />}
      {state.result?.ok && (
        <div ref={messageRef} tabIndex={-1} role="status" className="text-xs text-success">
          {success}
        </div>
      )}
    </form>
  );
}
