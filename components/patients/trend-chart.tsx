import { linearScale, minimumSpan, niceDomain } from "@/components/patients/chart-scale";
import { formatDate, formatDateTime, formatNumber } from "@/components/ui/format";
import { flagLabel, isAbnormal, type Trend } from "@/components/patients/observations";
import { displayUnit, withUnit } from "@/components/patients/units";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";

const WIDTH = 560;
const HEIGHT = 200;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 52 };

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
 * Value over time for one code, with the reference range as a shaded band. Plain SVG rendered on the server:
 * the SVG is one image with a text description, and the values are also in a table below it.
 */
export function TrendChart({ trend }: { trend: Trend }) {
  const id = `trend-${slug(trend.code)}`;
  const values = trend.points.map((point) => point.value);
  const bounds = [trend.low, trend.high].filter((value): value is number => value !== null);
  // The reference range is always in view, and a measure's minimum span keeps a tiny change from looking like a fall.
  const { domain, ticks } = niceDomain([...values, ...bounds], { minSpan: minimumSpan(trend.code, values) });
  const unit = displayUnit(trend.unit);
  const times = trend.points.map((point) => point.at.getTime());
  const x = linearScale([Math.min(...times), Math.max(...times)], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(domain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const bandTop = y(trend.high ?? domain[1]);
  const bandBottom = y(trend.low ?? domain[0]);
  const path = trend.points.map((point, i) => `${i === 0 ? "M" : "L"}${x(point.at.getTime()).toFixed(1)},${y(point.value).toFixed(1)}`).join(" ");
  const first = trend.points[0];
  const last = trend.points.at(-1);

  return (
    <figure aria-labelledby={`${id}-caption`} className="flex flex-col gap-2 rounded-lg border bg-card p-4 shadow-xs">
      <figcaption id={`${id}-caption`} className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium">{trend.name}</span>
        {bounds.length > 0 && <span className="text-xs text-muted-foreground">Reference range {rangeText(trend)}</span>}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        className="h-auto w-full"
      >
        <title id={`${id}-title`}>{`${trend.name} over time`}</title>
        <desc id={`${id}-desc`}>{summaryOf(trend)}</desc>
        {bounds.length > 0 && (
          <rect
            x={MARGIN.left}
            y={bandTop}
            width={WIDTH - MARGIN.left - MARGIN.right}
            height={Math.max(0, bandBottom - bandTop)}
            className="fill-success/10 stroke-success/30"
            strokeDasharray="4 3"
          />
        )}
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} className="stroke-border" />
            <text x={MARGIN.left - 8} y={y(tick)} textAnchor="end" dominantBaseline="middle" className="fill-muted-foreground text-[11px]">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {first && last && (
          <>
            <text x={MARGIN.left} y={HEIGHT - 8} className="fill-muted-foreground text-[11px]">
              {formatDate(first.at)}
            </text>
            <text x={WIDTH - MARGIN.right} y={HEIGHT - 8} textAnchor="end" className="fill-muted-foreground text-[11px]">
              {formatDate(last.at)}
            </text>
          </>
        )}
        <path d={path} fill="none" strokeWidth={2} strokeLinejoin="round" className="stroke-primary" />
        {trend.points.map((point) => {
          const abnormal = isAbnormal({ abnormalFlag: point.flag });
          return (
            <circle
              key={point.id}
              cx={x(point.at.getTime())}
              cy={y(point.value)}
              r={abnormal ? 4.5 : 3}
              strokeWidth={abnormal ? 2 : 1.5}
              className={cn(abnormal ? "fill-destructive stroke-card" : "fill-card stroke-primary")}
            />
          );
        })}
      </svg>
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
