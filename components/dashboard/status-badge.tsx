import { CircleCheck, CircleExclamationPoint } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/** Colour is never the only signal: the badge says "Up" or "Down" (read as "Status: Up") with its own icon. */
export function StatusBadge({ status }: { status: "up" | "down" }) {
  return status === "up" ? (
    <Badge variant="success">
      <CircleCheck aria-hidden="true" />
      <span className="sr-only">Status: </span>
      Up
    </Badge>
  ) : (
    <Badge variant="destructive">
      <CircleExclamationPoint aria-hidden="true" />
      <span className="sr-only">Status: </span>
      Down
    </Badge>
  );
}
