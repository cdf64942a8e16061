import { Skeleton } from "@/components/ui/skeleton";
import { Hl7ListSkeleton } from "@/components/hl7/hl7-list-skeleton";

export default function Hl7Loading() {
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-[32rem] max-w-full" />
      </div>
      <Skeleton className="h-20 max-w-xl" />
      <Skeleton className="h-40" />
      <Hl7ListSkeleton />
    </div>
  );
}
