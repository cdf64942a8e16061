import { CircleAlert, CircleCheck, Eye, OctagonAlert, TriangleAlert, Info } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { AlertSeverity } from "@/lib/alerts/rules";
import type { AlertStatus } from "@/lib/alerts/schema";

const SEVERITY = {
  critical: { variant: "destructive", icon: OctagonAlert, label: "Critical" },
  high: { variant: "destructive", icon: TriangleAlert, label: "High" },
  medium: { variant: "warning", icon: CircleAlert, label: "Medium" },
  low: { variant: "muted", icon: Info, label: "Low" },
} as const;

/** Severity in words and an icon, never colour alone. */
export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  const { variant, icon: Icon, label } = SEVERITY[severity];
  return (
    <Badge variant={variant}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}

const STATUS = {
  open: { variant: "warning", icon: CircleAlert, label: "Open" },
  acknowledged: { variant: "default", icon: Eye, label: "Acknowledged" },
  resolved: { variant: "success", icon: CircleCheck, label: "Resolved" },
} as const;

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const { variant, icon: Icon, label } = STATUS[status];
  return (
    <Badge variant={variant}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}
