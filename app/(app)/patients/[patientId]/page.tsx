import { ArrowLeft, Lock, ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { AllergiesTab } from "@/components/patients/allergies-tab";
import { AllergyBanner } from "@/components/patients/allergy-banner";
import { BreakGlassForm } from "@/components/patients/break-glass-form";
import { ChartSkeleton } from "@/components/patients/chart-skeleton";
import { ChartTabs } from "@/components/patients/chart-tabs";
import { DemographicsList } from "@/components/patients/demographics-list";
import { MedicationsTab } from "@/components/patients/medications-tab";
import { MessagesTab } from "@/components/patients/messages-tab";
import { ObservationsTab } from "@/components/patients/observations-tab";
import { chartableObservations } from "@/components/patients/observations";
import { PatientHeader } from "@/components/patients/patient-header";
import { SourcesTab } from "@/components/patients/sources-tab";
import { SummaryTab } from "@/components/patients/summary-tab";
import { PageHeader } from "@/components/shell/page-section";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guard";
import type { AuthContext } from "@/lib/auth/assert";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getPatientChart, getPatientDemographics, isRestrictedRecordError, listPatientMessages } from "@/lib/patients/queries";
import { addAllergy, breakTheGlass, editAllergy, revealPatientSsn, setMedicationStatus } from "@/app/(app)/patients/[patientId]/actions";

// The patient's name stays out of the title: titles end up in browser history and window lists.
export const metadata: Metadata = { title: "Patient chart" };

interface ChartPageProps {
  params: Promise<{ patientId: string }>;
}

function BackToPatients() {
  return (
    <Link href="/patients" className="inline-flex w-fit items-center gap-1.5 rounded-sm text-sm font-medium text-muted-foreground hover:text-foreground">
      <ArrowLeft aria-hidden="true" className="size-4" />
      Patients
    </Link>
  );
}

/** Domain reads throw NOT_FOUND for an unknown (or malformed) id: that is this page's 404. */
async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

function RestrictedChart({ ctx, patientId }: { ctx: AuthContext; patientId: string }) {
  const mayBreakGlass = can(ctx.role, "patients:break_glass");
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <BackToPatients />
      <PageHeader title="Restricted record" description="This chart is restricted and opens only through emergency access." />
      <Alert variant="warning">
        <ShieldAlert aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <AlertTitle>Emergency access (“break the glass”)</AlertTitle>
          <AlertDescription>
            Access is time-limited and is flagged for compliance review, with your name and the reason you give. Use it only when
            this patient&apos;s care needs it now.
          </AlertDescription>
        </div>
      </Alert>
      {mayBreakGlass ? (
        <BreakGlassForm patientId={patientId} breakGlass={breakTheGlass} />
      ) : (
        <p className="text-sm text-muted-foreground">Your role cannot open restricted charts. Ask a clinician with emergency access.</p>
      )}
    </div>
  );
}

/** Compliance reads demographics for investigations: no clinical records, no edit or reveal controls. */
async function DemographicsOnly({ ctx, patientId }: { ctx: AuthContext; patientId: string }) {
  const patient = await orNotFound(getPatientDemographics(ctx, patientId));
  return (
    <div className="flex flex-col gap-6">
      <PatientHeader patient={patient} canEdit={false} />
      <Card>
        <CardHeader>
          <CardTitle>Demographics</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <DemographicsList patient={patient} />
          <p className="text-sm text-muted-foreground">Clinical records are not shown to your role. This view is recorded in the audit trail.</p>
        </CardContent>
      </Card>
    </div>
  );
}

export default async function PatientChartPage({ params }: ChartPageProps) {
  const ctx = await requirePagePermission(null);
  // Anyone without either read permission gets the audited 403, before anything streams (so it is a real 403).
  if (!can(ctx.role, "patients:read") && !can(ctx.role, "patients:read_demographics")) await requirePagePermission("patients:read");
  const { patientId } = await params;
  return (
    <Suspense fallback={<ChartSkeleton />}>
      <PatientChart ctx={ctx} patientId={patientId} />
    </Suspense>
  );
}

async function PatientChart({ ctx, patientId }: { ctx: AuthContext; patientId: string }) {
  if (!can(ctx.role, "patients:read")) return <DemographicsOnly ctx={ctx} patientId={patientId} />;

  const chart = await orNotFound(getPatientChart(ctx, patientId)).catch((error: unknown) => {
    if (isRestrictedRecordError(error)) return "restricted" as const;
    throw error;
  });
  if (chart === "restricted") return <RestrictedChart ctx={ctx} patientId={patientId} />;
  const messages = await listPatientMessages(ctx, chart.patient.id);
  const canWrite = can(ctx.role, "patients:write");

  const tabs: { value: string; label: string; count?: number; content: ReactNode }[] = [
    { value: "summary", label: "Summary", content: <SummaryTab chart={chart} /> },
    {
      value: "observations",
      label: "Observations",
      count: chartableObservations(chart.observations).length,
      content: <ObservationsTab observations={chart.observations} />,
    },
    {
      value: "medications",
      label: "Medications",
      count: chart.medications.length,
      content: <MedicationsTab medications={chart.medications} changeStatus={canWrite ? setMedicationStatus : undefined} />,
    },
    {
      value: "allergies",
      label: "Allergies",
      count: chart.allergies.length,
      content: (
        <AllergiesTab
          patientId={chart.patient.id}
          allergies={chart.allergies}
          create={canWrite ? addAllergy : undefined}
          update={canWrite ? editAllergy : undefined}
        />
      ),
    },
    { value: "messages", label: "Messages", count: messages.length, content: <MessagesTab messages={messages} /> },
    {
      value: "sources",
      label: "Sources",
      content: <SourcesTab chart={chart} />,
    },
  ];

  return (
    <div className="flex flex-col gap-5">
      <BackToPatients />
      {chart.patient.restricted && (
        <Alert variant="warning">
          <Lock aria-hidden="true" />
          <AlertDescription>
            Restricted record, open to you through emergency access. Your access is time-limited and flagged for compliance review.
          </AlertDescription>
        </Alert>
      )}
      <PatientHeader patient={chart.patient} canEdit={canWrite} revealSsn={can(ctx.role, "patients:reveal_ssn") ? revealPatientSsn : undefined} />
      <AllergyBanner allergies={chart.allergies} />
      <ChartTabs label="Patient chart" tabs={tabs} />
    </div>
  );
}
