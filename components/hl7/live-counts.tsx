import { formatNumber } from "@/components/ui/format";
import type { Hl7LiveCounts } from "@/lib/hl7/store/types";

/** Inbound messages of the last hour: what arrived, and of it what was applied and what failed. */
export function LiveCounts({ counts }: { counts: Hl7LiveCounts }) {
  const items = [
    { label: "Received", value: counts.received, className: "" },
    { label: "Processed", value: counts.processed, className: "text-success" },
    { label: "Failed", value: counts.failed, className: counts.failed > 0 ? "text-destructive" : "" },
  ];
  return (
    <section aria-labelledby="live-counts-heading" className="flex flex-col gap-2">
      <h2 id="live-counts-heading" className="text-sm font-semibold tracking-wide text-muted-foreground uppercase">
        Last hour
      </h2>
      <dl className="grid grid-cols-3 gap-3 sm:max-w-xl">
        {items.map((item) => (
          <div key={item.label} className="rounded-lg border bg-card px-4 py-3 shadow-xs">
            <dt className="text-xs text-muted-foreground">{item.label}</dt>
            <dd className={`text-2xl font-semibold tabular-nums ${item.className}`}>{formatNumber(item.value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
