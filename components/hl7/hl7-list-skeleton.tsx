import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";

export function Hl7ListSkeleton() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading messages…</span>
      <DataTableSkeleton columns={10} rows={10} />
    </div>
  );
}
