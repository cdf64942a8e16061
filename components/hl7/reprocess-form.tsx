"use client";

import { LoaderCircle, RotateCcw } from "lucide-react";
import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import type { ReprocessOutcome } from "@/lib/hl7/ingest/reprocess";

const RESULT_TEXT: Record<ReprocessOutcome["result"], string> = {
  processed: "processed",
  failed: "failed again",
  not_found: "not found",
  not_failed: "not reprocessed: it has not failed",
};

function OutcomeList({ outcomes, names }: { outcomes: ReprocessOutcome[]; names: Record<string, string> }) {
  return (
    <ul aria-label="Reprocess outcome" className="flex flex-col gap-1 text-sm">
      {outcomes.map((outcome) => (
        <li key={outcome.id} className={outcome.result === "processed" ? "text-success" : "text-destructive"}>
          <span className="font-mono text-xs">{names[outcome.id] ?? outcome.id}</span>: {RESULT_TEXT[outcome.result]}
          {outcome.ackCode && <> · ACK {outcome.ackCode}</>}
          {outcome.retryCount !== null && <> · retry {outcome.retryCount}</>}
          {outcome.errorMessage && <> · {outcome.errorMessage}</>}
        </li>
      ))}
    </ul>
  );
}

interface ReprocessFormProps {
  action: (form: FormData) => Promise<ActionResult<ReprocessOutcome[]>>;
  /** The id of the form element, for checkboxes elsewhere on the page that belong to it (the list's selection). */
  id: string;
  /** A single message to reprocess (the detail view); without it, the form posts the checked `ids` that name it. */
  messageId?: string;
  label: string;
  /** Control ids by message id, to name each outcome. */
  names: Record<string, string>;
  /**
   * Nothing to reprocess now (the message has not failed, or no failed message is listed). The form stays on the
   * page, disabled, so the outcome of the last reprocess stays in view after the page shows the new state.
   */
  disabled?: boolean;
}

/** Reprocess one message, or the ones selected in the list, and show what became of each. */
export function ReprocessForm({ action, id, messageId, label, names, disabled = false }: ReprocessFormProps) {
  const { state, formAction, pending, formRef, messageRef } = useActionForm((form) => action(form));
  // Every name seen, so an outcome keeps its name after the refreshed page no longer lists the message as failed.
  const [known, setKnown] = useState(names);
  if (Object.keys(names).some((messageId) => !(messageId in known))) setKnown({ ...known, ...names });
  const outcomes = state.result?.ok ? state.result.data : null;
  const processed = outcomes?.filter((outcome) => outcome.result === "processed").length ?? 0;
  return (
    <div className="flex flex-col gap-2">
      <form id={id} ref={formRef} action={formAction} aria-busy={pending} className="flex flex-wrap items-center gap-2">
        {messageId && <input type="hidden" name="ids" value={messageId} />}
        <Button type="submit" disabled={pending || disabled}>
          {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <RotateCcw aria-hidden="true" />}
          {pending ? "Reprocessing…" : label}
        </Button>
      </form>
      <FormMessage
        ref={messageRef}
        result={state.result}
        success={`Reprocessed ${outcomes?.length ?? 0} message(s): ${processed} processed, ${(outcomes?.length ?? 0) - processed} not.`}
        errorLabel="Reprocess error"
      />
      {outcomes && outcomes.length > 0 && <OutcomeList outcomes={outcomes} names={known} />}
    </div>
  );
}
