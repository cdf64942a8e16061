import { flagLabel, isAbnormal, isCritical } from "@/components/patients/observations";
import { Badge } from "@/components/ui/badge";

/** An abnormal flag as words ("High", "Critical low"), red for critical; nothing for a normal result. */
export function FlagBadge({ flag }: { flag: string | null }) {
  if (flag === null || !isAbnormal({ abnormalFlag: flag })) return null;
  return <Badge variant={isCritical({ abnormalFlag: flag }) ? "destructive" : "warning"}>{flagLabel(flag)}</Badge>;
}

export function EmptyNote({ children }: { children: string }) {
  return <p className="rounded-lg border border-dashed bg-card px-4 py-6 text-center text-sm text-muted-foreground">{children}</p>;
}
