import { ArrowLeft, Lock, ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { AllergiesTab } from "@/components/patients/allergies-tab";
import { AllergyBanner } from "@/components/patients/allergy-banner";
import { BreakGlassForm } from "@/components/patients/break-glass-form";
import { ChartTabs } from "@/components/patients/chart-tabs";
import { DemographicsList } from "@/components/patients/demographics-list";
import { MedicationsTab } from "@/components/patients/medications-tab";
import { MessagesTab } from "@/components/patients/messages-tab";
import { ObservationsTab } from "@/components/patients/observations-tab";
import { PatientHeader } from "@/components/patients/patient-header";
import { ResultsSkeleton } from "@/components/patients/results-skeleton";
import { RestrictionControl } from "@/components/patients/restriction-control";
import { SourcesTab } from "@/components/patients/sources-tab";
import { SummaryTab } from "@/components/patients/summary-tab";
import { PageHeader } from "@/components/shell/page-section";
import type { PageSearchParams } from "@/components/data-table/url-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guard";
import type { AuthContext } from "@/lib/auth/assert";
import { can } from "@/lib/auth/permissions";
import { orNotFound } from "@/lib/http/or-not-found";
import { ObservationSearchCriteria } from "@/lib/observations/schema";
import { getPatientChart, getPatientDemographics, isRestrictedRecordError, listObservations, listPatientMessages } from "@/lib/patients/queries";
import type { AggregatedPatientData, PatientResponse } from "@/lib/patients/schema";
import { ObservationTypeEnum } from "@/lib/shared-schema/enums";
import { addAllergy, breakTheGlass, changeRestriction, editAllergy, revealPatientSsn, setMedicationStatus } from "@/app/(app)/patients/[patientId]/actions";

// The patient's name stays out of the title: titles end up in browser history and window lists.
export const metadata: Metadata = { title: "Patient chart" };

/** Results per page of the observations tab unless the URL asks for another size. */
const RESULTS_PAGE_SIZE = 50;

interface ChartPageProps {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<PageSearchParams>;
}

function BackToPatients() {
  return (
    <Link href="/patients" className="inline-flex w-fit items-center gap-1.5 rounded-sm text-sm font-medium text-muted-foreground hover:text-foreground">
      <ArrowLeft aria-hidden="true" className="size-4" />
      Patients
    </Link>
  );
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

/**
 * Compliance reads demographics for investigations: no clinical records, no edit or reveal controls. A privacy
 * officer (patients:restrict) decides here whether the chart is restricted.
 */
function DemographicsOnly({ ctx, patient }: { ctx: AuthContext; patient: PatientResponse }) {
  return (
    <div className="flex flex-col gap-6">
      <PatientHeader patient={patient} canEdit={false} />
      {can(ctx.role, "patients:restrict") && (
        <Card>
          <CardHeader>
            <CardTitle>Access</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <p className="text-sm">
              {patient.restricted
                ? "This chart is restricted: clinicians open it only through emergency access, which is flagged for review."
                : "This chart is open to every clinician."}
            </p>
            <RestrictionControl patientId={patient.id} restricted={patient.restricted} change={changeRestriction} />
          </CardContent>
        </Card>
      )}
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

/** The observations tab's page and category from the URL; anything invalid falls back to the first page of all. */
function resultsQuery(query: PageSearchParams): ObservationSearchCriteria {
  const requested = { category: query.category, page: query.page, pageSize: query.pageSize ?? String(RESULTS_PAGE_SIZE) };
  return ObservationSearchCriteria.safeParse(requested).data ?? ObservationSearchCriteria.parse({ pageSize: String(RESULTS_PAGE_SIZE) });
}

/** One page of every result (its own audited read), streamed in after the rest of the chart. */
async function ObservationResults({ ctx, chart, criteria }: { ctx: AuthContext; chart: AggregatedPatientData; criteria: ObservationSearchCriteria }) {
  const page = await listObservations(ctx, chart.patient.id, criteria);
  const present = new Set(chart.observations.map((observation) => observation.observationType));
  return (
    <ObservationsTab
      chartObservations={chart.observations}
      page={page}
      category={criteria.category}
      categories={ObservationTypeEnum.options.filter((category) => present.has(category))}
      chartPath={`/patients/${chart.patient.id}`}
    />
  );
}

/**
 * The chart. Its lookup is the audited read itself (getPatientChart, or the demographics for compliance) and it
 * completes before anything streams: an unknown or malformed id is a real 404 with an audit row, a refused one a
 * real 403. Only the results list, a second read, streams in behind a skeleton.
 */
export default async function PatientChartPage({ params, searchParams }: ChartPageProps) {
  const ctx = await requirePagePermission(null);
  // Anyone without either read permission gets the audited 403.
  if (!can(ctx.role, "patients:read") && !can(ctx.role, "patients:read_demographics")) await requirePagePermission("patients:read");
  const { patientId } = await params;

  if (!can(ctx.role, "patients:read")) {
    return <DemographicsOnly ctx={ctx} patient={await orNotFound(getPatientDemographics(ctx, patientId))} />;
  }
  const chart = await orNotFound(getPatientChart(ctx, patientId)).catch((error: unknown) => {
    if (isRestrictedRecordError(error)) return "restricted" as const;
    throw error;
  });
  if (chart === "restricted") return <RestrictedChart ctx={ctx} patientId={patientId} />;
  const messages = await listPatientMessages(ctx, chart.patient.id);
  const criteria = resultsQuery(await searchParams);
  const canWrite = can(ctx.role, "patients:write");

  const tabs: { value: string; label: string; count?: number; content: ReactNode }[] = [
    { value: "summary", label: "Summary", content: <SummaryTab chart={chart} /> },
    {
      value: "observations",
      label: "Observations",
      count: chart.observationCounts.total,
      content: (
        <Suspense key={`${criteria.category ?? ""}:${criteria.page}:${criteria.pageSize}`} fallback={<ResultsSkeleton />}>
          <ObservationResults ctx={ctx} chart={chart} criteria={criteria} />
        </Suspense>
      ),
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
    { value: "messages", label: "Messages", count: messages.length, content: <MessagesTab messages={messages} linked={can(ctx.role, "hl7:read")} /> },
    { value: "sources", label: "Sources", content: <SourcesTab chart={chart} /> },
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
