import { Siren } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/** Flags emergency ("break the glass") access for review wherever an event is listed. */
export function EmergencyBadge() {
  return (
    <Badge variant="warning">
      <Siren aria-hidden="true" />
      Emergency access
    </Badge>
  );
}
