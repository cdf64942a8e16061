import { Server } from "lucide-react";
import { formatCount, formatLatency } from "@/components/dashboard/format";
import { HealthCard } from "@/components/dashboard/health-card";
import type { Stat } from "@/components/dashboard/stat-list";
import { Alert } from "@/components/ui/alert";
import type { CacheHealth } from "@/lib/cache";

function cacheStats(health: CacheHealth): Stat[] {
  if (health.status === "down") return [{ label: "Backend", value: "Redis" }];
  if (health.backend === "memory") {
    return [
      { label: "Backend", value: "In-process cache (REDIS_URL not set)" },
      { label: "Latency", value: formatLatency(health.latencyMs) },
      { label: "Keys", value: formatCount(health.keyCount) },
    ];
  }
  return [
    { label: "Backend", value: "Redis" },
    { label: "Latency", value: formatLatency(health.latencyMs) },
    { label: "Server version", value: health.version },
    { label: "Keys", value: formatCount(health.keyCount) },
  ];
}

export function CacheHealthCard({ health }: { health: CacheHealth }) {
  return (
    <HealthCard id="health-cache" title="Cache" description={health.backend === "redis" ? "Redis, in front of PostgreSQL" : "Single-process cache, in front of PostgreSQL"} icon={Server} status={health.status} stats={cacheStats(health)}>
      {health.status === "down" && (
        <Alert variant="warning">Redis is not answering. Reads fall back to PostgreSQL, so pages may be slower.</Alert>
      )}
    </HealthCard>
  );
}
