"use client";

// recharts' keyboard layer is off: the chart sits in a role="img" element, whose content is one image to assistive
// technology, and the values it shows are in a table beside it.

import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useMounted } from "@/components/charts/use-mounted";

// A result's values over time on the app's one chart library: the reference range as a shaded band, abnormal
// results as filled red dots. Drawn in the browser (recharts measures its container); the figure around it carries
// the text description and the table of values.

export interface TrendPlotPoint {
  id: string;
  at: number;
  value: number;
  abnormal: boolean;
}

interface TrendPlotProps {
  points: readonly TrendPlotPoint[];
  domain: readonly [number, number];
  ticks: readonly number[];
  low: number | null;
  high: number | null;
  /** Id of the element describing the chart in words. */
  describedBy: string;
  label: string;
}

const dateOf = (at: number) => new Date(at).toISOString().slice(0, 10);

function Dot({ cx, cy, payload }: { cx?: number; cy?: number; payload?: TrendPlotPoint }) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return payload.abnormal ? (
    <circle cx={cx} cy={cy} r={4.5} strokeWidth={2} className="fill-destructive stroke-card" />
  ) : (
    <circle cx={cx} cy={cy} r={3} strokeWidth={1.5} className="fill-card stroke-primary" />
  );
}

export function TrendPlot({ points, domain, ticks, low, high, describedBy, label }: TrendPlotProps) {
  const mounted = useMounted();
  return (
    <div role="img" aria-label={label} aria-describedby={describedBy} className="h-[200px] w-full">
      {mounted && (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart accessibilityLayer={false} data={[...points]} margin={{ top: 12, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid vertical={false} className="stroke-border" />
            {(low !== null || high !== null) && (
              <ReferenceArea y1={low ?? domain[0]} y2={high ?? domain[1]} className="fill-success/10 stroke-success/30" strokeDasharray="4 3" ifOverflow="extendDomain" />
            )}
            <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={dateOf} tick={{ fontSize: 11 }} minTickGap={40} />
            <YAxis domain={[domain[0], domain[1]]} ticks={[...ticks]} tick={{ fontSize: 11 }} width={48} />
            <Tooltip labelFormatter={(at) => dateOf(Number(at))} />
            <Line type="linear" dataKey="value" name={label} className="stroke-primary" stroke="var(--color-primary)" strokeWidth={2} dot={<Dot />} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
