"use client";

import { useActionState, useEffect, useRef } from "react";
import type { ActionResult } from "@/lib/actions/result";

export interface ActionFormState<T> {
  result: ActionResult<T> | null;
  /** The fields as last submitted: React resets a form after its action, and these become the new defaults. */
  submitted: Record<string, string> | null;
  submissions: number;
}

function stringFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value;
  return fields;
}

/**
 * A form posting to a server action through useActionState. `submit` turns the FormData into the action's
 * input (typed values, not strings). After each submission the fields keep what was typed, focus moves to the
 * first invalid field (or the form's message), and `onSuccess` runs once per successful submission.
 */
export function useActionForm<T>(submit: (form: FormData) => Promise<ActionResult<T>>, onSuccess?: (data: T) => void) {
  const formRef = useRef<HTMLFormElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const onSuccessRef = useRef(onSuccess);
  useEffect(() => {
    onSuccessRef.current = onSuccess;
  });

  const [state, formAction, pending] = useActionState(
    async (previous: ActionFormState<T>, form: FormData): Promise<ActionFormState<T>> => ({
      result: await submit(form),
      submitted: stringFields(form),
      submissions: previous.submissions + 1,
    }),
    { result: null, submitted: null, submissions: 0 },
  );

  useEffect(() => {
    const { result } = state;
    if (!result) return;
    if (result.ok) {
      onSuccessRef.current?.(result.data);
      messageRef.current?.focus();
      return;
    }
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? messageRef.current)?.focus();
  }, [state]);

  /** The value a field shows: what was last submitted, else `initial`. */
  function valueOf(name: string, initial: string | null | undefined = ""): string {
    return state.submitted ? (state.submitted[name] ?? "") : (initial ?? "");
  }

  /** Whether a checkbox is ticked: as last submitted, else `initial`. */
  function checkedOf(name: string, initial: boolean): boolean {
    return state.submitted ? name in state.submitted : initial;
  }

  const fieldErrors = state.result && !state.result.ok ? (state.result.fieldErrors ?? {}) : {};
  return { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf, checkedOf };
}
