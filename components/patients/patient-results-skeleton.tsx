import { Skeleton } from "@/components/ui/skeleton";

export function PatientResultsSkeleton() {
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-2 rounded-lg border bg-card p-3">
      <span className="sr-only">Loading patients…</span>
      <Skeleton className="h-8" />
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} className="h-9" />
      ))}
    </div>
  );
}
