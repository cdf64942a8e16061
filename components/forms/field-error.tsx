/** The id of a field's error text; the field points at it with aria-describedby. */
export function errorIdOf(fieldId: string): string {
  return `${fieldId}-error`;
}

/** aria-invalid and aria-describedby for a field with `errors` (and an optional hint). */
export function fieldA11y(fieldId: string, errors: readonly string[] | undefined, hintId?: string) {
  const invalid = errors !== undefined && errors.length > 0;
  const describedBy = [invalid ? errorIdOf(fieldId) : null, hintId].filter(Boolean).join(" ");
  return { "aria-invalid": invalid || undefined, "aria-describedby": describedBy || undefined };
}

/** A field's error messages, right under it. */
export function FieldError({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={errorIdOf(id)} className="text-xs font-medium text-destructive">
      {errors.join(" ")}
    </p>
  );
}
