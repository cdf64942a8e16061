import type { Metadata } from "next";
import Link from "next/link";
import { AccessTallyTable } from "@/components/audit/access-tally-table";
import { InvalidCriteria } from "@/components/audit/invalid-criteria";
import { ReportEvents } from "@/components/audit/report-events";
import { UserLookupForm } from "@/components/audit/report-forms";
import { UserMatches } from "@/components/audit/user-matches";
import { searchParamsOf, withParams, type PageSearchParams } from "@/components/data-table/url-state";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Card, CardContent } from "@/components/ui/card";
import { AuditUserLookup, UserAccessReportCriteria } from "@/lib/audit/criteria";
import { findReportUsers, userAccessReport } from "@/lib/audit/reports";
import type { UserAccessByPatient } from "@/lib/audit/types";
import type { AuthContext } from "@/lib/auth/assert";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "What did this user access" };

const TITLE = "What did this user access";

async function Lookup({ ctx, params }: { ctx: AuthContext; params: URLSearchParams }) {
  const lookup = AuditUserLookup.safeParse(params);
  if (!lookup.success) return <InvalidCriteria error={lookup.error} resetHref="/audit/reports/user" />;
  const users = await findReportUsers(ctx, lookup.data);
  return <UserMatches users={users} range={{ from: params.get("from"), to: params.get("to") }} />;
}

async function Report({ ctx, params }: { ctx: AuthContext; params: URLSearchParams }) {
  const criteria = UserAccessReportCriteria.safeParse(params);
  if (!criteria.success) return <InvalidCriteria error={criteria.error} resetHref="/audit/reports/user" />;
  const report = await userAccessReport(ctx, criteria.data);
  const { subject } = report;
  const range = { from: params.get("from"), to: params.get("to") };
  const patientCell = (row: UserAccessByPatient) =>
    row.patientMrn || row.patientId ? (
      <Link
        href={`/audit/reports/patient${withParams("", row.patientMrn ? { mrn: row.patientMrn, ...range } : { patientId: row.patientId, ...range })}`}
        className="font-mono text-xs font-medium text-primary underline-offset-4 hover:underline"
      >
        {row.patientMrn ?? row.patientId}
      </Link>
    ) : (
      "—"
    );

  return (
    <>
      <PageSection id="subject" title="User">
        <p className="text-sm">
          <strong>{subject.name ?? subject.id}</strong>
          {subject.email && <span className="text-muted-foreground"> · {subject.email}</span>}
          {subject.role && <span className="text-muted-foreground"> · {subject.role}</span>}
          {subject.kind === "api_key" && <span className="text-muted-foreground"> · API key</span>}
          <span className="block font-mono text-xs text-muted-foreground">{subject.id}</span>
        </p>
      </PageSection>
      <PageSection id="patients" title="Patients">
        <AccessTallyTable
          label="Patients this user accessed"
          rows={report.patients}
          rowKey={(row) => `${row.patientId}:${row.patientMrn}`}
          lead={[{ header: "Patient", cell: patientCell }]}
          empty="This user touched no patient data in this period."
        />
      </PageSection>
      <ReportEvents id="user-events" label="Events by this user" empty="No events by this user in this period." events={report.events} userId={ctx.actor.id} />
    </>
  );
}

export default async function UserAccessReportPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await requirePagePermission("audit:read");
  const params = searchParamsOf(await searchParams);
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title={TITLE} description="Find the user by name or e-mail, then pick them from the matches." />
      <Card>
        <CardContent className="pt-5">
          <UserLookupForm q={params.get("q") ?? undefined} from={params.get("from") ?? undefined} to={params.get("to") ?? undefined} />
        </CardContent>
      </Card>
      {params.has("userId") ? <Report ctx={ctx} params={params} /> : params.has("q") ? <Lookup ctx={ctx} params={params} /> : null}
    </div>
  );
}
