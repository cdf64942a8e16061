import type { Metadata } from "next";
import Link from "next/link";
import { AccessTallyTable } from "@/components/audit/access-tally-table";
import { InvalidCriteria } from "@/components/audit/invalid-criteria";
import { ReportEvents } from "@/components/audit/report-events";
import { PatientReportForm } from "@/components/audit/report-forms";
import { searchParamsOf, withParams, type PageSearchParams } from "@/components/data-table/url-state";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Card, CardContent } from "@/components/ui/card";
import { PatientAccessReportCriteria } from "@/lib/audit/criteria";
import { patientAccessReport } from "@/lib/audit/reports";
import type { PatientAccessByUser } from "@/lib/audit/types";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Who accessed this patient" };

export default async function PatientAccessReportPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await requirePagePermission("audit:read");
  const params = searchParamsOf(await searchParams);
  const form = (
    <Card>
      <CardContent className="pt-5">
        <PatientReportForm mrn={params.get("mrn") ?? undefined} from={params.get("from") ?? undefined} to={params.get("to") ?? undefined} />
      </CardContent>
    </Card>
  );
  if (!params.has("mrn") && !params.has("patientId")) {
    return (
      <div className="flex flex-col gap-8">
        <PageHeader title="Who accessed this patient" description="Enter the patient's MRN." />
        {form}
      </div>
    );
  }

  const criteria = PatientAccessReportCriteria.safeParse(params);
  if (!criteria.success) {
    return (
      <div className="flex flex-col gap-8">
        <PageHeader title="Who accessed this patient" />
        {form}
        <InvalidCriteria error={criteria.error} resetHref="/audit/reports/patient" />
      </div>
    );
  }

  const report = await patientAccessReport(ctx, criteria.data);
  const patientLabel = report.patient.mrn ?? report.patient.id ?? "";
  const range = { from: params.get("from"), to: params.get("to") };
  const userCell = (row: PatientAccessByUser) =>
    row.userId ? (
      <Link href={`/audit/reports/user${withParams("", { userId: row.userId, ...range })}`} className="font-medium text-primary underline-offset-4 hover:underline">
        {row.username ?? row.userId}
      </Link>
    ) : (
      (row.username ?? "Anonymous")
    );

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title={`Who accessed patient ${patientLabel}`}
        description={report.patient.id ? "Events recorded against this patient's id or MRN." : "No patient with this MRN is on file; events recorded against the MRN are shown."}
      />
      {form}
      <PageSection id="users" title="Users">
        <AccessTallyTable
          label="Users who accessed this patient"
          rows={report.users}
          rowKey={(row) => `${row.userId}:${row.username}:${row.userRole}`}
          lead={[
            { header: "User", cell: userCell },
            { header: "Role", cell: (row) => row.userRole ?? "—" },
          ]}
          empty="Nobody has accessed this patient's data in this period."
        />
      </PageSection>
      <ReportEvents
        id="patient-events"
        label="Events for this patient"
        empty="No events for this patient in this period."
        events={report.events}
        userId={ctx.actor.id}
      />
    </div>
  );
}
