"use client";

// recharts' keyboard layer is off: the chart sits in a role="img" element, whose content is one image to assistive
// technology, and the values it shows are in a table beside it.

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useMounted } from "@/components/charts/use-mounted";

// The app's one chart look (recharts): a line or stacked-bar chart over time. Charts are drawn in the browser
// only (recharts measures its container); the numbers behind each chart are also in a table for screen readers.

export interface Series {
  key: string;
  label: string;
  color: string;
}

interface TimeSeriesChartProps {
  data: readonly Record<string, number | string>[];
  /** The field holding the time label of each point. */
  xKey: string;
  series: readonly Series[];
  kind?: "line" | "stacked-bars";
  height?: number;
  /** Accessible name of the chart image, e.g. "Pool connections over the last 24 hours". */
  label: string;
}

export function TimeSeriesChart({ data, xKey, series, kind = "line", height = 220, label }: TimeSeriesChartProps) {
  const mounted = useMounted();
  if (!mounted) return <div style={{ height }} aria-hidden="true" />;
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
      <XAxis dataKey={xKey} tick={{ fontSize: 11 }} minTickGap={24} />
      <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <div role="img" aria-label={label} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        {kind === "line" ? (
          <LineChart accessibilityLayer={false} data={[...data]}>
            {axes}
            {series.map((line) => (
              <Line key={line.key} type="monotone" dataKey={line.key} name={line.label} stroke={line.color} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart accessibilityLayer={false} data={[...data]}>
            {axes}
            {series.map((bar) => (
              <Bar key={bar.key} dataKey={bar.key} name={bar.label} stackId="all" fill={bar.color} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
