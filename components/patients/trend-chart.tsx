import { TrendPlot } from "@/components/charts/trend-plot";
import { minimumSpan, niceDomain } from "@/components/patients/chart-scale";
import { formatDate, formatDateTime, formatNumber } from "@/components/ui/format";
import { flagLabel, isAbnormal, type Trend } from "@/components/patients/observations";
import { displayUnit, withUnit } from "@/components/patients/units";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

function slug(value: string): string {
  return value.replace(/[^A-Za-z0-9]+/g, "-");
}

function rangeText(trend: Trend): string {
  const unit = displayUnit(trend.unit);
  if (trend.low !== null && trend.high !== null) return withUnit(`${formatNumber(trend.low)}–${formatNumber(trend.high)}`, unit);
  if (trend.high !== null) return `up to ${withUnit(formatNumber(trend.high), unit)}`;
  if (trend.low !== null) return `from ${withUnit(formatNumber(trend.low), unit)}`;
  return "";
}

/** What a sighted reader takes from the chart, in one paragraph: the SVG's accessible description. */
function summaryOf(trend: Trend): string {
  const first = trend.points[0];
  const last = trend.points.at(-1);
  if (!first || !last) return "No results.";
  const unit = displayUnit(trend.unit);
  const outside = trend.points.filter((point) => isAbnormal({ abnormalFlag: point.flag })).length;
  const range = rangeText(trend);
  return [
    `${trend.points.length} results from ${formatDate(first.at)} to ${formatDate(last.at)}.`,
    `Latest ${withUnit(formatNumber(last.value), unit)} on ${formatDate(last.at)}${last.flag && isAbnormal({ abnormalFlag: last.flag }) ? ` (${flagLabel(last.flag)})` : ""}.`,
    range ? `Reference range ${range}; ${outside} of ${trend.points.length} results outside it.` : "No reference range.",
  ].join(" ");
}

/**
 * Value over time for one code, with the reference range as a shaded band (recharts, like every chart of the app):
 * the chart is one image with a text description, and the values are also in a table below it.
 */
export function TrendChart({ trend }: { trend: Trend }) {
  const id = `trend-${slug(trend.code)}`;
  const values = trend.points.map((point) => point.value);
  const bounds = [trend.low, trend.high].filter((value): value is number => value !== null);
  // The reference range is always in view, and a measure's minimum span keeps a tiny change from looking like a fall.
  const { domain, ticks } = niceDomain([...values, ...bounds], { minSpan: minimumSpan(trend.code, values) });
  const unit = displayUnit(trend.unit);

  return (
    <figure aria-labelledby={`${id}-caption`} className="flex flex-col gap-2 rounded-lg border bg-card p-4 shadow-xs">
      <figcaption id={`${id}-caption`} className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium">{trend.name}</span>
        {bounds.length > 0 && <span className="text-xs text-muted-foreground">Reference range {rangeText(trend)}</span>}
      </figcaption>
      <p id={`${id}-desc`} className="sr-only">
        {summaryOf(trend)}
      </p>
      <TrendPlot
        label={`${trend.name} over time`}
        describedBy={`${id}-desc`}
        points={trend.points.map((point) => ({ id: point.id, at: point.at.getTime(), value: point.value, abnormal: isAbnormal({ abnormalFlag: point.flag }) }))}
        domain={domain}
        ticks={ticks}
        low={trend.low}
        high={trend.high}
      />
      <details className="text-sm">
        <summary className="cursor-pointer rounded-sm text-primary">Values of {trend.name}</summary>
        <Table className="mt-2">
          <TableHeader>
            <TableRow>
              <TableHead>Date</TableHead>
              <TableHead>Value{unit ? ` (${unit})` : ""}</TableHead>
              <TableHead>Flag</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...trend.points].reverse().map((point) => (
              <TableRow key={point.id}>
                <TableCell>{formatDateTime(point.at)}</TableCell>
                <TableCell className="tabular-nums">{formatNumber(point.value)}</TableCell>
                <TableCell>{point.flag ? flagLabel(point.flag) : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </figure>
  );
}
