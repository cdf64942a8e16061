import Link from "next/link";
import { EmptyNote } from "@/components/patients/observation-parts";
import { flagLabel, isAbnormal, isCritical, resultRows, trendsByCode, type ResultRow } from "@/components/patients/observations";
import { ResultTable, type ResultLine } from "@/components/patients/result-table";
import { TrendChart } from "@/components/patients/trend-chart";
import { cn } from "@/components/ui/cn";
import { formatDateTime, humanize } from "@/components/ui/format";
import type { ObservationResponse } from "@/lib/observations/schema";
import type { Page } from "@/lib/patients/page";
import type { ObservationTypeEnum } from "@/lib/shared-schema/enums";

const WITHDRAWN: ReadonlySet<string> = new Set(["cancelled", "entered_in_error"]);

function lineOf(row: ResultRow): ResultLine {
  const abnormal = row.flag !== null && isAbnormal({ abnormalFlag: row.flag });
  return {
    id: row.id,
    name: row.name,
    category: humanize(row.category),
    value: row.value,
    unitTitle: row.unitCode ? `UCUM ${row.unitCode}` : null,
    flag: abnormal && row.flag ? flagLabel(row.flag) : null,
    critical: isCritical({ abnormalFlag: row.flag }),
    range: row.range,
    at: formatDateTime(row.at),
    status: humanize(row.status),
    withdrawn: WITHDRAWN.has(row.status),
  };
}

interface ObservationsTabProps {
  /** The chart's first screen: the trends come from its bounded history per code. */
  chartObservations: readonly ObservationResponse[];
  /** The requested page of every result, from PostgreSQL. */
  page: Page<ObservationResponse>;
  /** The category the list is filtered to, if any. */
  category: ObservationTypeEnum | undefined;
  /** Categories the patient has results in, for the filter. */
  categories: readonly ObservationTypeEnum[];
  chartPath: `/patients/${string}`;
}

function CategoryFilter({ categories, category, chartPath }: Pick<ObservationsTabProps, "categories" | "category" | "chartPath">) {
  const options: { value: ObservationTypeEnum | undefined; label: string }[] = [{ value: undefined, label: "All" }, ...categories.map((value) => ({ value, label: humanize(value) }))];
  return (
    <nav aria-label="Result categories" className="flex flex-wrap gap-2">
      {options.map((option) => {
        const current = option.value === category;
        return (
          <Link
            key={option.label}
            href={`${chartPath}?${new URLSearchParams({ tab: "observations", ...(option.value ? { category: option.value } : {}) }).toString()}`}
            aria-current={current ? "true" : undefined}
            scroll={false}
            className={cn(
              "rounded-full border px-3 py-1 text-sm",
              current ? "border-primary bg-accent font-medium text-accent-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
            )}
          >
            {option.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Trends of each measure (from the chart), then every result, newest first, a page at a time. */
export function ObservationsTab({ chartObservations, page, category, categories, chartPath }: ObservationsTabProps) {
  const trends = trendsByCode(chartObservations);
  return (
    <>
      {trends.length > 0 && (
        <section aria-labelledby="observation-trends" className="flex flex-col gap-3">
          <h2 id="observation-trends" className="text-base font-semibold">
            Trends
          </h2>
          <p className="text-sm text-muted-foreground">
            Recent results of each measure; the shaded band is the reference range and abnormal results are larger red points.
          </p>
          <div className="grid gap-4 md:grid-cols-2">
            {trends.map((trend) => (
              <TrendChart key={trend.code} trend={trend} />
            ))}
          </div>
        </section>
      )}
      <section aria-labelledby="observation-results" className="flex flex-col gap-3">
        <h2 id="observation-results" className="text-base font-semibold">
          All results
        </h2>
        {categories.length > 0 && <CategoryFilter categories={categories} category={category} chartPath={chartPath} />}
        {page.total === 0 && category === undefined ? (
          <EmptyNote>No observations recorded.</EmptyNote>
        ) : (
          <ResultTable lines={resultRows(page.data).map(lineOf)} total={page.total} page={page.page} pageSize={page.pageSize} />
        )}
      </section>
    </>
  );
}
