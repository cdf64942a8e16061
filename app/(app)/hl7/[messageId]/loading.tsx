import { Skeleton } from "@/components/ui/skeleton";

export default function Hl7MessageLoading() {
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-6">
      <span className="sr-only">Loading the message…</span>
      <Skeleton className="h-7 w-56" />
      <Skeleton className="h-32" />
      <Skeleton className="h-64" />
    </div>
  );
}
