import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { StatList, type Stat } from "@/components/dashboard/stat-list";
import { StatusBadge } from "@/components/dashboard/status-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

interface HealthCardProps {
  id: string;
  title: string;
  description: string;
  icon: LucideIcon;
  status: "up" | "down";
  stats: readonly Stat[];
  children?: ReactNode;
}

/** A named region ("PostgreSQL", "Cache") with a status badge and its figures. */
export function HealthCard({ id, title, description, icon: Icon, status, stats, children }: HealthCardProps) {
  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="flex items-start gap-3">
          <span className="mt-0.5 inline-flex size-9 items-center justify-center rounded-md bg-accent text-accent-foreground">
            <Icon aria-hidden="true" className="size-5" />
          </span>
          <div className="flex flex-col gap-1">
            <CardTitle as="h3" id={`${id}-title`}>
              {title}
            </CardTitle>
            <CardDescription>{description}</CardDescription>
          </div>
        </div>
        <StatusBadge status={status} />
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {children}
        <StatList stats={stats} />
      </CardContent>
    </Card>
  );
}
