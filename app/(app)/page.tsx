import type { Metadata } from "next";
import { Suspense } from "react";
import { CacheHealthCard } from "@/components/dashboard/cache-health-card";
import { DashboardSkeleton } from "@/components/dashboard/dashboard-skeleton";
import { DatabaseHealthCard } from "@/components/dashboard/database-health-card";
import { RecordCountTiles } from "@/components/dashboard/record-counts";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Alert } from "@/components/ui/alert";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { cacheHealth } from "@/lib/cache";
import { databaseHealth } from "@/lib/db/health";
import { logger } from "@/lib/logger";
import { recordCounts, type RecordCounts } from "@/lib/stats/queries";

export const metadata: Metadata = { title: "Home" };

// When PostgreSQL is down the counts fail, but the health cards below are exactly what the reader needs then.
async function countsOrNull(): Promise<RecordCounts | null> {
  try {
    return await recordCounts();
  } catch (error) {
    logger.error({ event: "stats.counts_failed", err: error }, "record counts unavailable");
    return null;
  }
}

export default async function HomePage() {
  // The layout checks too, but a page must not rely on its layout: both render in parallel.
  const { actor: user } = await requirePagePermission(null);
  return (
    <Suspense fallback={<DashboardSkeleton />}>
      <Overview userName={user.name} />
    </Suspense>
  );
}

/** Streams in: counts and health checks wait on PostgreSQL and Redis, which may be slow or down. */
async function Overview({ userName }: { userName: string }) {
  const [counts, database, cache] = await Promise.all([countsOrNull(), databaseHealth(), cacheHealth()]);

  return (
    <div className="flex flex-col gap-10">
      <PageHeader title="Overview" description={`Signed in as ${userName}. Record totals and the state of the services behind Meridian.`} />
      <PageSection id="records" title="Records">
        {counts ? (
          <RecordCountTiles counts={counts} />
        ) : (
          <Alert variant="error" aria-label="Record counts unavailable">
            Record counts are unavailable because the database is not answering.
          </Alert>
        )}
      </PageSection>
      <PageSection id="health" title="System health">
        <div className="grid gap-4 md:grid-cols-2">
          <DatabaseHealthCard health={database} />
          <CacheHealthCard health={cache} />
        </div>
      </PageSection>
    </div>
  );
}
