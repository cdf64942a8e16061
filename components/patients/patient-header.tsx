import { GitMerge, Lock, Pencil } from "lucide-react";
import Link from "next/link";
import { ageOn, formatDate, formatDateTime, fullName, humanize } from "@/components/ui/format";
import { MrnWithAuthority } from "@/components/patients/mrn";
import { SsnReveal, type RevealSsnAction } from "@/components/patients/ssn-reveal";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { PatientResponse } from "@/lib/patients/schema";

interface PatientHeaderProps {
  patient: PatientResponse;
  /** Shown to users with patients:write. */
  canEdit: boolean;
  /** Passed to users with patients:reveal_ssn. */
  revealSsn?: RevealSsnAction;
}

/** A record merged into another (HL7 ADT^A40) is history: its identifiers and records are on the surviving patient. */
function MergedBanner({ survivorId, mergedAt }: { survivorId: string; mergedAt: Date | null }) {
  return (
    <Alert variant="warning" role="note" aria-label="Merged record">
      <GitMerge aria-hidden="true" />
      <div className="flex flex-col gap-1">
        <AlertTitle>Merged record</AlertTitle>
        <AlertDescription>
          This record was merged into another patient{mergedAt ? ` on ${formatDateTime(mergedAt)}` : ""}. Its identifiers, results,
          medications, allergies and messages are on the surviving record, which is the one to read and change.{" "}
          <Link href={`/patients/${survivorId}`} className="font-medium text-primary underline underline-offset-4">
            Open the surviving record
          </Link>
        </AlertDescription>
      </div>
    </Alert>
  );
}

/** Who the chart belongs to, in the terms a clinician checks before acting: name, MRN, age, sex, birth date. */
export function PatientHeader({ patient, canEdit, revealSsn }: PatientHeaderProps) {
  const merged = patient.mergedInto !== null;
  const facts = [
    { label: "MRN", value: <MrnWithAuthority mrn={patient.mrn} authority={patient.mrnAuthority} /> },
    { label: "Age", value: `${ageOn(patient.birthDate)} years` },
    { label: "Sex", value: humanize(patient.gender) },
    { label: "Born", value: formatDate(patient.birthDate) },
    { label: "SSN", value: <SsnReveal patientId={patient.id} ssnLast4={patient.ssnLast4} reveal={revealSsn} /> },
  ];
  return (
    <header className="flex flex-col gap-4 rounded-lg border bg-card p-5 shadow-xs">
      {patient.mergedInto && <MergedBanner survivorId={patient.mergedInto} mergedAt={patient.mergedAt} />}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{fullName(patient)}</h1>
          {patient.restricted && (
            <Badge variant="warning">
              <Lock aria-hidden="true" />
              Restricted record
            </Badge>
          )}
          {merged && (
            <Badge variant="muted">
              <GitMerge aria-hidden="true" />
              Merged
            </Badge>
          )}
        </div>
        {canEdit && !merged && (
          <Button asChild variant="outline" size="sm">
            <Link href={`/patients/${patient.id}/edit`}>
              <Pencil aria-hidden="true" />
              Edit demographics
            </Link>
          </Button>
        )}
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3 lg:grid-cols-5">
        {facts.map(({ label, value }) => (
          <div key={label} className="flex flex-col gap-0.5">
            <dt className="text-xs font-medium text-muted-foreground uppercase">{label}</dt>
            <dd className="font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
