import { CircleCheck, CircleX, ShieldX } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/** The event's outcome in words and an icon, never by colour alone. */
export function OutcomeBadge({ status }: { status: string }) {
  if (status === "success") {
    return (
      <Badge variant="success">
        <CircleCheck aria-hidden="true" />
        Success
      </Badge>
    );
  }
  if (status === "denied") {
    return (
      <Badge variant="warning">
        <ShieldX aria-hidden="true" />
        Denied
      </Badge>
    );
  }
  return (
    <Badge variant="destructive">
      <CircleX aria-hidden="true" />
      {status === "failure" ? "Failure" : status}
    </Badge>
  );
}
