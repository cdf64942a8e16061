import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export interface Stat {
  label: string;
  value: ReactNode;
}

/** Label/value pairs as a definition list, which screen readers announce as "term, definition". */
export function StatList({ stats, className }: { stats: readonly Stat[]; className?: string }) {
  return (
    <dl className={cn("divide-y text-sm", className)}>
      {stats.map(({ label, value }) => (
        <div key={label} className="flex items-center justify-between gap-4 py-2 first:pt-0 last:pb-0">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="text-right font-medium tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
