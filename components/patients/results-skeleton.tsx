import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";

/** The results list while its page loads; the rest of the chart is already on screen. */
export function ResultsSkeleton() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading results…</span>
      <DataTableSkeleton columns={6} rows={10} />
    </div>
  );
}
