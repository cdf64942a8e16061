import type { Metadata } from "next";
import { Suspense } from "react";
import { AutoRefresh } from "@/components/dashboards/auto-refresh";
import { CachePanelView, ConnectionsPanelView, DatabasePanelView, Hl7PanelView, SystemPanelView } from "@/components/dashboards/panels";
import { DashboardSkeleton } from "@/components/dashboard/dashboard-skeleton";
import { PageHeader } from "@/components/shell/page-section";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Dashboards" };

/** Operations at a glance; each panel streams in on its own and the page refreshes itself. */
export default async function DashboardsPage() {
  const ctx = await requirePagePermission("dashboards:read");
  return (
    <div className="flex flex-col gap-10">
      <div className="flex flex-col gap-2">
        <PageHeader title="Dashboards" description="Database pools of every instance, the cache, EMR connections, the HL7 feed and record counts." />
        <AutoRefresh seconds={15} />
      </div>
      <Suspense fallback={<DashboardSkeleton />}>
        <Hl7PanelView ctx={ctx} />
      </Suspense>
      <Suspense fallback={<DashboardSkeleton />}>
        <ConnectionsPanelView ctx={ctx} />
      </Suspense>
      <Suspense fallback={<DashboardSkeleton />}>
        <DatabasePanelView ctx={ctx} />
      </Suspense>
      <Suspense fallback={<DashboardSkeleton />}>
        <CachePanelView ctx={ctx} />
      </Suspense>
      <Suspense fallback={<DashboardSkeleton />}>
        <SystemPanelView ctx={ctx} />
      </Suspense>
    </div>
  );
}
