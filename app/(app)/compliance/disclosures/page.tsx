import type { Metadata, Route } from "next";
import { InvalidCriteria } from "@/components/audit/invalid-criteria";
import { withParams, searchParamsOf, type PageSearchParams } from "@/components/data-table/url-state";
import { FigureTable } from "@/components/compliance/figure-table";
import { PeriodForm } from "@/components/compliance/period-form";
import { PrintButton } from "@/components/compliance/print-button";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatDateTime, humanize } from "@/components/ui/format";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { CompliancePeriod, DisclosureCriteria, periodInput } from "@/lib/compliance/criteria";
import { accountingOfDisclosures, DISCLOSURE_LIMIT } from "@/lib/compliance/disclosures";

export const metadata: Metadata = { title: "Accounting of disclosures" };

const TITLE = "Accounting of disclosures";
const DESCRIPTION = "Every access to one patient's data by an external system (API key or HL7 connection), HIPAA §164.528.";

export default async function DisclosuresPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await requirePagePermission("audit:read");
  const params = searchParamsOf(await searchParams);
  const input = periodInput(params);
  const defaults = CompliancePeriod.safeParse({ from: input.from, to: input.to });
  const range = defaults.success ? defaults.data : CompliancePeriod.parse({});
  const form = (
    <PeriodForm action={"/compliance/disclosures" as Route} label="Patient and period" submit="Show disclosures" from={range.from} to={range.to}>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="disclosures-mrn">Patient MRN</Label>
        <Input id="disclosures-mrn" name="mrn" defaultValue={input.mrn} required autoComplete="off" placeholder="e.g. MRN-000123" />
      </div>
    </PeriodForm>
  );
  if (!input.mrn) {
    return (
      <div className="flex flex-col gap-8">
        <PageHeader title={TITLE} description={DESCRIPTION} />
        {form}
      </div>
    );
  }
  const criteria = DisclosureCriteria.safeParse(input);
  if (!criteria.success) {
    return (
      <div className="flex flex-col gap-8">
        <PageHeader title={TITLE} description={DESCRIPTION} />
        {form}
        <InvalidCriteria error={criteria.error} resetHref={"/compliance/disclosures" as Route} />
      </div>
    );
  }
  const accounting = await accountingOfDisclosures(ctx, criteria.data, "viewed");
  const { from, to } = criteria.data.period;

  return (
    <div className="flex flex-col gap-8 print:gap-4 print:text-sm">
      <PageHeader title={`${TITLE} for patient ${criteria.data.mrn}`} description={`${DESCRIPTION} Period ${from} to ${to} (UTC).`} />
      {form}
      <div className="flex flex-wrap gap-3 print:hidden">
        <PrintButton />
        <a href={`/api/v1/compliance/disclosures${withParams("", { mrn: criteria.data.mrn, from, to })}`} className={buttonVariants({ variant: "outline" })} download>
          Download CSV
        </a>
      </div>
      <PageSection id="disclosures" title={`Disclosures: ${accounting.disclosures.length}${accounting.disclosures.length === DISCLOSURE_LIMIT ? " (first shown)" : ""}`}>
        <FigureTable
          caption="Disclosures of this patient's data"
          columns={["Date and time (UTC)", "Recipient system", "Kind", "Action", "Data", "Purpose / message", "Outcome"]}
          rows={accounting.disclosures.map((row) => [
            formatDateTime(row.at),
            row.recipient,
            row.recipientKind === "api_key" ? "API key" : "Connection",
            row.action,
            humanize(row.dataCategory),
            row.purpose ?? "—",
            humanize(row.status),
          ])}
          empty={accounting.patient.id ? "No external system accessed this patient's data in this period." : "No patient with this MRN is on file, and no disclosures are recorded against it."}
        />
      </PageSection>
    </div>
  );
}
