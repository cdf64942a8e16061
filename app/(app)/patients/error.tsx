"use client";

import Link from "next/link";
import { PageError } from "@/components/shell/page-error";
import { Button } from "@/components/ui/button";

/** For the patient list and charts: the error never shows patient data, only a reference to the server log. */
export default function PatientsError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <PageError
      error={error}
      retry={retry}
      label="Patient data error"
      title="Patient data could not be loaded"
      description={(quote) => `Please try again. If it keeps happening, contact your administrator${quote}.`}
    >
      <Button asChild variant="ghost">
        <Link href="/patients">Back to patient search</Link>
      </Button>
    </PageError>
  );
}
