"use client";

import { PageError } from "@/components/shell/page-error";

/** The audit pages' error state: the trail could not be read (a read that cannot be audited is refused too). */
export default function AuditError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <PageError
      error={error}
      retry={retry}
      label="Audit log error"
      title="The audit trail could not be loaded"
      description={(quote) => `Reading the trail failed, or recording this review in it did. Please try again; if it keeps happening, contact your administrator${quote}.`}
    />
  );
}
