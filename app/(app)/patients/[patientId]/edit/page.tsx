import { ArrowLeft, ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { fullName } from "@/components/ui/format";
import { PatientForm } from "@/components/patients/patient-form";
import { patientFormValues } from "@/components/patients/patient-form-values";
import { PageHeader } from "@/components/shell/page-section";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { orNotFound } from "@/lib/http/or-not-found";
import { getPatientDemographics, isRestrictedRecordError } from "@/lib/patients/queries";
import { updateDemographics } from "@/app/(app)/patients/[patientId]/actions";

export const metadata: Metadata = { title: "Edit demographics" };

/** The demographics read (audited, an unknown id included) before anything streams: a missing patient is a real 404. */
function demographicsOf(ctx: Parameters<typeof getPatientDemographics>[0], patientId: string) {
  return orNotFound(getPatientDemographics(ctx, patientId)).catch((error: unknown) => {
    if (isRestrictedRecordError(error)) return "restricted" as const;
    throw error;
  });
}

export default async function EditPatientPage({ params }: { params: Promise<{ patientId: string }> }) {
  const ctx = await requirePagePermission("patients:write");
  const { patientId } = await params;
  const patient = await demographicsOf(ctx, patientId);
  const chartHref = `/patients/${patientId}` as const;

  return (
    <div className="flex flex-col gap-6">
      <Link href={chartHref} className="inline-flex w-fit items-center gap-1.5 rounded-sm text-sm font-medium text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Back to chart
      </Link>
      {patient === "restricted" ? (
        <>
          <PageHeader title="Edit demographics" />
          <Alert variant="warning">
            <ShieldAlert aria-hidden="true" />
            <AlertDescription>
              This chart is restricted. Open it through emergency access from the{" "}
              <Link href={chartHref} className="font-medium underline underline-offset-4">
                chart
              </Link>{" "}
              first.
            </AlertDescription>
          </Alert>
        </>
      ) : (
        <>
          <PageHeader title={`Edit demographics: ${fullName(patient)}`} description={`MRN ${patient.mrn}${patient.mrnAuthority ? ` (${patient.mrnAuthority})` : ""}. Fields marked * are required.`} />
          <PatientForm mode="edit" patientId={patient.id} initial={patientFormValues(patient)} save={updateDemographics} />
        </>
      )}
    </div>
  );
}
