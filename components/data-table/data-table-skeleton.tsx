import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder for a data table while its page loads (use inside a role="status" region). */
export function DataTableSkeleton({ columns = 8, rows = 10 }: { columns?: number; rows?: number }) {
  return (
    <div className="flex flex-col gap-3">
      <div className="overflow-hidden rounded-lg border bg-card">
        <div className="flex gap-4 border-b px-3 py-3">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} className="h-4 flex-1" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, row) => (
          <div key={row} className="flex gap-4 border-b px-3 py-3 last:border-0">
            {Array.from({ length: columns }, (_, i) => (
              <Skeleton key={i} className="h-4 flex-1" />
            ))}
          </div>
        ))}
      </div>
      <div className="flex justify-between">
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-8 w-64" />
      </div>
    </div>
  );
}
