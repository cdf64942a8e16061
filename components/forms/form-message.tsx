import { CircleCheck, CircleExclamationPoint } from "lucide-react";
import type { Ref } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/actions/result";

interface FormMessageProps<T> {
  result: ActionResult<T> | null;
  /** Shown after a successful submission. */
  success: string;
  /** Names the error alert for assistive tech (and tests), e.g. "Allergy error". */
  errorLabel: string;
  ref?: Ref<HTMLDivElement>;
}

/** The outcome of a form's last submission; focusable so useActionForm can move focus to it. */
export function FormMessage<T>({ result, success, errorLabel, ref }: FormMessageProps<T>) {
  if (!result) return null;
  if (result.ok) {
    return (
      <Alert ref={ref} tabIndex={-1} role="status" className="border-success/30 bg-success-soft text-success">
        <CircleCheck aria-hidden="true" />
        <AlertDescription>{success}</AlertDescription>
      </Alert>
    );
  }
  const hasFieldErrors = Object.keys(result.fieldErrors ?? {}).some((key) => key !== "_form");
  return (
    <Alert ref={ref} tabIndex={-1} variant="error" aria-label={errorLabel}>
      <CircleExclamationPoint aria-hidden="true" />
      <AlertDescription>
        {hasFieldErrors ? "Please correct the fields marked below." : result.message}
        {result.fieldErrors?._form && <span className="block">{result.fieldErrors._form.join(" ")}</span>}
        {result.code === "INTERNAL" && result.requestId && <span className="mt-1 block font-mono text-xs">Reference: {result.requestId}</span>}
      </AlertDescription>
    </Alert>
  );
}
