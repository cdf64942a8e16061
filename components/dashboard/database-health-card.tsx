import { Database } from "lucide-react";
import { formatLatency } from "@/components/dashboard/format";
import { HealthCard } from "@/components/dashboard/health-card";
import type { Stat } from "@/components/dashboard/stat-list";
import { Alert } from "@/components/ui/alert";
import type { DatabaseHealth } from "@/lib/db/health";

export function DatabaseHealthCard({ health }: { health: DatabaseHealth }) {
  const { pool } = health;
  const stats: Stat[] = [
    ...(health.status === "up"
      ? [
          { label: "Latency", value: formatLatency(health.latencyMs) },
          { label: "Server version", value: health.serverVersion },
        ]
      : []),
    ...(pool
      ? [
          { label: "Pool connections", value: `${pool.total} of ${pool.max}` },
          { label: "Idle", value: pool.idle },
          { label: "Waiting", value: pool.waiting },
        ]
      : []),
  ];
  return (
    <HealthCard id="health-postgres" title="PostgreSQL" description="Primary clinical database" icon={Database} status={health.status} stats={stats}>
      {health.status === "down" && <Alert variant="warning">The database is not answering. Records cannot be read or saved.</Alert>}
    </HealthCard>
  );
}
