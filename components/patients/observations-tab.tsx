import { formatDateTime, humanize } from "@/components/ui/format";
import { EmptyNote, FlagBadge } from "@/components/patients/observation-parts";
import { groupByCategory, isAbnormal, isCritical, observationName, observationValue, referenceRange, trendsByCode } from "@/components/patients/observations";
import { TrendChart } from "@/components/patients/trend-chart";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ObservationResponse } from "@/lib/observations/schema";

/** Results by category (newest first, abnormal rows tinted and labelled), then one trend chart per numeric code. */
export function ObservationsTab({ observations }: { observations: readonly ObservationResponse[] }) {
  const groups = groupByCategory(observations);
  const trends = trendsByCode(observations);
  if (groups.length === 0) return <EmptyNote>No observations recorded.</EmptyNote>;

  return (
    <>
      {groups.map((group) => (
        <section key={group.category} aria-labelledby={`observations-${group.category}`} className="flex flex-col gap-3">
          <h2 id={`observations-${group.category}`} className="text-base font-semibold">
            {humanize(group.category)} <span className="text-sm font-normal text-muted-foreground">({group.observations.length})</span>
          </h2>
          <div className="rounded-lg border bg-card shadow-xs">
            <Table aria-labelledby={`observations-${group.category}`}>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Test</TableHead>
                  <TableHead>Result</TableHead>
                  <TableHead>Reference range</TableHead>
                  <TableHead>Date</TableHead>
                  <TableHead>Status</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {group.observations.map((observation) => (
                  <TableRow
                    key={observation.id}
                    className={cn(isCritical(observation) ? "bg-destructive-soft" : isAbnormal(observation) && "bg-warning-soft/70")}
                  >
                    <TableCell className="font-medium">{observationName(observation)}</TableCell>
                    <TableCell>
                      <span className={cn("flex flex-wrap items-center gap-2 tabular-nums", isAbnormal(observation) && "font-semibold")}>
                        {observationValue(observation)}
                        <FlagBadge flag={observation.abnormalFlag} />
                      </span>
                    </TableCell>
                    <TableCell className="text-muted-foreground">{referenceRange(observation)}</TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(observation.effectiveDatetime)}</TableCell>
                    <TableCell>{humanize(observation.status)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </section>
      ))}
      {trends.length > 0 && (
        <section aria-labelledby="observation-trends" className="flex flex-col gap-3">
          <h2 id="observation-trends" className="text-base font-semibold">
            Trends
          </h2>
          <p className="text-sm text-muted-foreground">
            Each result over time; the shaded band is the reference range and abnormal results are larger red points.
          </p>
          <div className="grid gap-4 md:grid-cols-2">
            {trends.map((trend) => (
              <TrendChart key={trend.code} trend={trend} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}
