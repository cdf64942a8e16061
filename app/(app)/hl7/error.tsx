"use client";

import { PageError } from "@/components/shell/page-error";

/** The message store's error state: messages could not be read (a read that cannot be audited is refused too). */
export default function Hl7Error({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <PageError
      error={error}
      retry={retry}
      label="HL7 messages error"
      title="The HL7 messages could not be loaded"
      description={(quote) => `Reading the message store failed, or recording this view in the audit trail did. Please try again; if it keeps happening, contact your administrator${quote}.`}
    />
  );
}
