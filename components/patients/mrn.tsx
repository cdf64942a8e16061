import type { PatientIdentifierResponse } from "@/lib/patients/schema";

/**
 * An MRN with its assigning authority beside it: the same number from two facilities is two patients, so the
 * number alone does not say whose it is.
 */
export function MrnWithAuthority({ mrn, authority }: { mrn: string; authority: string }) {
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-1.5">
      <span className="font-mono">{mrn}</span>{" "}
      {authority && (
        <span className="text-xs font-normal text-muted-foreground" title="Assigning authority">
          <span className="sr-only">assigned by </span>
          {authority}
        </span>
      )}
    </span>
  );
}

/** An identifier as a clinician reads it: value, then its type and who assigned it ("E1234 · PI · EPIC"). */
export function identifierText(identifier: PatientIdentifierResponse): string {
  return [identifier.value, identifier.type, identifier.assigningAuthority].filter(Boolean).join(" · ");
}
