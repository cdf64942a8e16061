import { Ban, CircleCheck, CircleX, Clock } from "lucide-react";
import { Badge } from "@/components/ui/badge";

interface ConnectionStatus {
  isActive: boolean;
  isConnected: boolean;
  lastTestAt: Date | string | null;
}

/** Deactivated, connected, down, or not tested yet — in words and an icon, never colour alone. */
export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  if (!status.isActive) {
    return (
      <Badge variant="muted">
        <Ban aria-hidden="true" />
        Deactivated
      </Badge>
    );
  }
  if (status.isConnected) {
    return (
      <Badge variant="success">
        <CircleCheck aria-hidden="true" />
        Connected
      </Badge>
    );
  }
  if (status.lastTestAt === null) {
    return (
      <Badge variant="muted">
        <Clock aria-hidden="true" />
        Not tested
      </Badge>
    );
  }
  return (
    <Badge variant="destructive">
      <CircleX aria-hidden="true" />
      Down
    </Badge>
  );
}
