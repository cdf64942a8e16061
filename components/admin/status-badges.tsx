import { Ban, CircleCheck, Clock, Lock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ApiKeyStatus } from "@/lib/api-keys/schema";

/** Colour is never the only signal: each badge names the state and has its own icon. */
export function AccountStatusBadge({ active }: { active: boolean }) {
  return active ? (
    <Badge variant="success">
      <CircleCheck aria-hidden="true" />
      Active
    </Badge>
  ) : (
    <Badge variant="muted">
      <Ban aria-hidden="true" />
      Deactivated
    </Badge>
  );
}

export function LockedBadge() {
  return (
    <Badge variant="warning">
      <Lock aria-hidden="true" />
      Locked
    </Badge>
  );
}

const KEY_STATUS = {
  active: { label: "Active", variant: "success", icon: CircleCheck },
  expired: { label: "Expired", variant: "warning", icon: Clock },
  revoked: { label: "Revoked", variant: "muted", icon: Ban },
} as const;

export function ApiKeyStatusBadge({ status }: { status: ApiKeyStatus }) {
  const { label, variant, icon: Icon } = KEY_STATUS[status];
  return (
    <Badge variant={variant}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}
