import { CacheHealthCard } from "@/components/dashboard/cache-health-card";
import { DatabaseHealthCard } from "@/components/dashboard/database-health-card";
import { RecordCountTiles } from "@/components/dashboard/record-counts";
import { PageSection } from "@/components/shell/page-section";
import { Alert } from "@/components/ui/alert";
import type { SystemOverview } from "@/lib/stats/queries";

/** The administrator's home: record totals and the health of PostgreSQL and the cache. */
export function SystemOverviewSections({ overview }: { overview: SystemOverview }) {
  return (
    <>
      <PageSection id="records" title="Records">
        {overview.counts ? (
          <RecordCountTiles counts={overview.counts} />
        ) : (
          <Alert variant="error" aria-label="Record counts unavailable">
            Record counts are unavailable because the database is not answering.
          </Alert>
        )}
      </PageSection>
      <PageSection id="health" title="System health">
        <div className="grid gap-4 md:grid-cols-2">
          <DatabaseHealthCard health={overview.database} />
          <CacheHealthCard health={overview.cache} />
        </div>
      </PageSection>
    </>
  );
}
