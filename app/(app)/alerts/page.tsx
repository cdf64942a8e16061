import { SlidersHorizontal } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ALERT_FILTER_KEYS, AlertFilterForm, type AlertFilterValues } from "@/components/alerts/alert-filter-form";
import { AlertsTable, type AlertRow } from "@/components/alerts/alerts-table";
import { alertSubject } from "@/components/alerts/subject";
import { InvalidCriteria } from "@/components/audit/invalid-criteria";
import { utcDateTime } from "@/components/audit/format";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { searchParamsOf, type PageSearchParams } from "@/components/data-table/url-state";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { buttonVariants } from "@/components/ui/button";
import { listAlertAssignees, listAlerts } from "@/lib/alerts/queries";
import { AlertListCriteria, type AlertListItem } from "@/lib/alerts/schema";
import type { AuthContext } from "@/lib/auth/assert";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Security alerts" };

function listRow(alert: AlertListItem): AlertRow {
  return {
    id: alert.id,
    title: alert.title,
    ruleTitle: alert.ruleTitle,
    severity: alert.severity,
    status: alert.status,
    subject: alertSubject(alert),
    count: alert.count,
    eventCount: alert.eventCount,
    firstSeen: utcDateTime(alert.firstSeenAt),
    lastSeen: utcDateTime(alert.lastSeenAt),
    assignee: alert.assigneeName ?? "—",
  };
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  // Checked before anything streams, so a refusal is a real 403; the list streams in behind the skeleton.
  const ctx = await requirePagePermission("alerts:read");
  const filterParams = searchParamsOf(await searchParams, ALERT_FILTER_KEYS);
  const filterValues: AlertFilterValues = Object.fromEntries(filterParams);
  const assignees = can(ctx.role, "alerts:manage") ? await listAlertAssignees(ctx) : [];
  const query = searchParamsOf(await searchParams).toString();

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Security alerts"
          description="Raised by the detection rules as the audit trail grows: one alert per rule and subject while it is unresolved, counted again when seen again. Times are UTC."
        />
        {can(ctx.role, "alerts:configure") && (
          <Link href="/alerts/rules" className={buttonVariants({ variant: "outline" })}>
            <SlidersHorizontal aria-hidden="true" />
            Detection rules
          </Link>
        )}
      </div>
      <PageSection id="alert-filters" title="Filters">
        <AlertFilterForm key={filterParams.toString()} values={filterValues} assignees={assignees} />
      </PageSection>
      <PageSection id="alert-list" title="Alerts">
        <Suspense
          key={query}
          fallback={
            <div role="status" aria-label="Loading alerts">
              <DataTableSkeleton columns={7} />
            </div>
          }
        >
          <AlertList ctx={ctx} searchParams={searchParams} filtered={filterParams.size > 0} />
        </Suspense>
      </PageSection>
    </div>
  );
}

async function AlertList({ ctx, searchParams, filtered }: { ctx: AuthContext; searchParams: Promise<PageSearchParams>; filtered: boolean }) {
  const criteria = AlertListCriteria.safeParse(searchParamsOf(await searchParams));
  if (!criteria.success) return <InvalidCriteria error={criteria.error} resetHref="/alerts" />;
  const alerts = await listAlerts(ctx, criteria.data);
  return (
    <AlertsTable
      rows={alerts.data.map(listRow)}
      total={alerts.total}
      page={alerts.page}
      pageSize={alerts.pageSize}
      sort={{ field: criteria.data.sort ?? "lastSeenAt", dir: criteria.data.sort ? criteria.data.dir : "desc" }}
      emptyState={
        filtered ? (
          <p className="text-sm">
            No alerts match these filters.{" "}
            <Link href="/alerts" className="font-medium text-primary underline underline-offset-4">
              Clear filters
            </Link>
          </p>
        ) : (
          <p className="text-sm">No alerts have been raised. The detection rules run every minute over new audit events.</p>
        )
      }
    />
  );
}
