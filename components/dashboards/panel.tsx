import { TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { Card, CardContent } from "@/components/ui/card";

function timeOf(date: Date): string {
  return date.toISOString().slice(11, 19);
}

/** A dashboard panel: its title, when its data was taken, what is degraded, and its figures. */
export function Panel({ id, title, takenAt, degraded, children }: { id: string; title: string; takenAt: Date; degraded?: string | null; children?: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-xs text-muted-foreground">
          As of <time dateTime={takenAt.toISOString()}>{timeOf(takenAt)} UTC</time>
        </p>
      </div>
      <Card>
        <CardContent className="flex flex-col gap-4 pt-5">
          {degraded && (
            <p role="status" className="flex items-center gap-2 text-sm text-warning">
              <TriangleAlert aria-hidden="true" className="size-4" />
              {degraded}
            </p>
          )}
          {children}
        </CardContent>
      </Card>
    </section>
  );
}

/** Label and value pairs, as a definition list. */
export function Figures({ items }: { items: readonly [label: string, value: ReactNode][] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
      {items.map(([label, value]) => (
        <div key={label} className="flex flex-col gap-0.5 rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">{label}</dt>
          <dd className="text-lg font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
