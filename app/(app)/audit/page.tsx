import { Download, FileText, Siren } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { AuditFilters, type AuditFilterValues } from "@/components/audit/audit-filters";
import { AuditLogSkeleton } from "@/components/audit/audit-log-skeleton";
import { InvalidCriteria } from "@/components/audit/invalid-criteria";
import { rememberedAuditColumns } from "@/components/audit/remembered-columns";
import { VerifyChainPanel } from "@/components/audit/verify-chain-panel";
import { searchParamsOf, type PageSearchParams } from "@/components/data-table/url-state";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Button } from "@/components/ui/button";
import { verifyAuditChainAction } from "@/app/(app)/audit/actions";
import { AUDIT_FILTER_KEYS, AuditSearchCriteria, EMERGENCY_ACCESS_ACTION } from "@/lib/audit/criteria";
import { auditLogOverview } from "@/lib/audit/listing";
import type { AuthContext } from "@/lib/auth/assert";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  // Checked before anything streams, so a refusal is a real 403; the log itself streams in behind the skeleton.
  const ctx = await requirePagePermission("audit:read");
  const query = searchParamsOf(await searchParams).toString();
  return (
    <Suspense key={query} fallback={<AuditLogSkeleton />}>
      <AuditLog ctx={ctx} searchParams={searchParams} />
    </Suspense>
  );
}

async function AuditLog({ ctx, searchParams }: { ctx: AuthContext; searchParams: Promise<PageSearchParams> }) {
  const params = searchParamsOf(await searchParams);
  const filterParams = searchParamsOf(await searchParams, AUDIT_FILTER_KEYS);
  const filterValues: AuditFilterValues = Object.fromEntries(filterParams);
  const criteria = AuditSearchCriteria.safeParse(params);
  const overview = criteria.success ? await auditLogOverview(ctx, criteria.data) : null;
  const filtered = filterParams.size > 0;
  const exportQuery = filterParams.toString();

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeader
          title="Audit log"
          description="Every access to patient data, every sign-in and every administrative action, hash-chained. Times are UTC."
        />
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline">
            <Link href={`/audit?action=${EMERGENCY_ACCESS_ACTION}`}>
              <Siren aria-hidden="true" />
              Emergency access
            </Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/audit/reports">
              <FileText aria-hidden="true" />
              Reports
            </Link>
          </Button>
          {can(ctx.role, "audit:export") && (
            <Button asChild>
              <a href={`/api/v1/audit/export${exportQuery ? `?${exportQuery}` : ""}`} download>
                <Download aria-hidden="true" />
                Export CSV
              </a>
            </Button>
          )}
        </div>
      </div>

      {overview && (
        <VerifyChainPanel latest={overview.latestVerification} verify={can(ctx.role, "audit:verify") ? verifyAuditChainAction : undefined} />
      )}

      <PageSection id="filters" title="Filters">
        <AuditFilters key={exportQuery} values={filterValues} />
      </PageSection>

      <PageSection id="events" title="Events">
        {criteria.success && overview ? (
          <AuditEventsTable
            events={overview.events}
            label="Audit events"
            sort={{ field: criteria.data.sort, dir: criteria.data.dir }}
            columns={await rememberedAuditColumns(ctx.actor.id)}
            emptyState={
              <div className="flex flex-col items-center gap-2 text-sm text-muted-foreground">
                <p>{filtered ? "No events match these filters." : "No audit events have been recorded yet."}</p>
                {filtered && (
                  <Link href="/audit" className="font-medium text-primary underline-offset-4 hover:underline">
                    Show all events
                  </Link>
                )}
              </div>
            }
          />
        ) : (
          <InvalidCriteria error={criteria.error} resetHref="/audit" />
        )}
      </PageSection>
    </div>
  );
}
