import type { Metadata, Route } from "next";
import Link from "next/link";
import { InvalidCriteria } from "@/components/audit/invalid-criteria";
import { withParams, searchParamsOf, type PageSearchParams } from "@/components/data-table/url-state";
import { FigureTable } from "@/components/compliance/figure-table";
import { PeriodForm } from "@/components/compliance/period-form";
import { PrintButton } from "@/components/compliance/print-button";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { buttonVariants } from "@/components/ui/button";
import { formatDateTime, formatNumber, humanize } from "@/components/ui/format";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { CompliancePeriod, periodInput } from "@/lib/compliance/criteria";
import { complianceReport, REVIEW_OVERDUE_DAYS } from "@/lib/compliance/report";

export const metadata: Metadata = { title: "Compliance report" };

const n = formatNumber;

export default async function ComplianceReportPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await requirePagePermission("audit:read");
  const params = searchParamsOf(await searchParams);
  const period = CompliancePeriod.safeParse(periodInput(params));
  if (!period.success) {
    return (
      <div className="flex flex-col gap-8">
        <PageHeader title="Compliance report" />
        <InvalidCriteria error={period.error} resetHref={"/compliance" as Route} />
      </div>
    );
  }
  const report = await complianceReport(ctx, period.data, "viewed");
  const { from, to } = report.period;
  const { denials, emergencyAccess, verifications } = report;

  return (
    <div className="flex flex-col gap-8 print:gap-4 print:text-sm">
      <PageHeader title="HIPAA compliance report" description={`Period ${from} to ${to} (UTC, both days included).`} />
      <PeriodForm action={"/compliance" as Route} label="Report period" submit="Show report" from={from} to={to} />
      <div className="flex flex-wrap gap-3 print:hidden">
        <PrintButton />
        <a href={`/api/v1/compliance/report${withParams("", { from, to })}`} className={buttonVariants({ variant: "outline" })} download>
          Download CSV
        </a>
        <Link href={`/compliance/disclosures${withParams("", { from, to })}` as Route} className={buttonVariants({ variant: "outline" })}>
          Accounting of disclosures
        </Link>
      </div>

      <PageSection id="access" title="Access to patient data by role and data category">
        <FigureTable
          caption="Successful data accesses by role and data category"
          columns={["Role", "Data category", "Accesses"]}
          rows={report.accessByRoleAndCategory.map((row) => [humanize(row.role), humanize(row.category), n(row.count)])}
          empty="No patient data was accessed in this period."
        />
      </PageSection>

      <PageSection id="denials" title={`Denied requests: ${n(denials.total)}`}>
        <div className="grid gap-6 md:grid-cols-3 print:grid-cols-3">
          <FigureTable caption="Denials by reason and permission" columns={["Reason", "Denials"]} rows={denials.byReason.map((row) => [row.label, n(row.value)])} empty="None." />
          <FigureTable caption="Most denied users" columns={["User", "Denials"]} rows={denials.topUsers.map((row) => [row.label, n(row.value)])} empty="None." />
          <FigureTable caption="Most denied IP addresses" columns={["IP address", "Denials"]} rows={denials.topIps.map((row) => [row.label, n(row.value)])} empty="None." />
        </div>
      </PageSection>

      <PageSection id="emergency" title="Emergency (break-the-glass) accesses">
        <FigureTable
          caption="Emergency accesses granted in the period and their review state"
          columns={["Granted", "Reviewed", "Awaiting review", `Overdue (over ${REVIEW_OVERDUE_DAYS} days)`]}
          rows={[[n(emergencyAccess.granted), n(emergencyAccess.reviewed), n(emergencyAccess.awaiting), n(emergencyAccess.overdue)]]}
          empty=""
        />
      </PageSection>

      <PageSection id="alerts" title="Security alerts by rule and outcome">
        <FigureTable
          caption="Alerts raised in the period by rule and current status"
          columns={["Rule", "Status", "Alerts"]}
          rows={report.alerts.map((row) => [humanize(row.rule), humanize(row.status), n(row.count)])}
          empty="No alerts were raised in this period."
        />
      </PageSection>

      <PageSection id="integrity" title="Audit trail integrity and data protection">
        <FigureTable
          caption="Chain verifications, retention runs and key rotations"
          columns={["Control", "Figure", "Value"]}
          rows={[
            ["Hash-chain verification", "Runs (ok / failed)", `${n(verifications.runs)} (${n(verifications.ok)} / ${n(verifications.failed)})`],
            ["Hash-chain verification", "Last result", verifications.last ? `${verifications.last.ok ? "OK" : "Failed"}, ${formatDateTime(verifications.last.at)}` : "Not run in this period"],
            ["Retention", "Runs (rows deleted)", `${n(report.retentionRuns.runs)} (${n(report.retentionRuns.deleted)})`],
            ["Encryption key rotation", "Runs (rows re-encrypted)", `${n(report.keyRotations.runs)} (${n(report.keyRotations.rowsReencrypted)})`],
          ]}
          empty=""
        />
      </PageSection>
    </div>
  );
}
