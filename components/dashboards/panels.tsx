import Link from "next/link";
import type { ReactNode } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { KIND_LABELS } from "@/components/connections/labels";
import { Figures, Panel } from "@/components/dashboards/panel";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuthContext } from "@/lib/auth/assert";
import type { EndpointKind } from "@/lib/connections/endpoint";
import { cachePanel } from "@/lib/dashboards/cache";
import { connectionsPanel } from "@/lib/dashboards/connections";
import { databasePanel } from "@/lib/dashboards/database";
import { hl7Panel } from "@/lib/dashboards/hl7";
import { systemPanel, type SystemCountKey } from "@/lib/dashboards/system";
import { logger } from "@/lib/logger";

// The five panels of /dashboards. Each reads its own source and renders on its own: a source that fails shows as
// a degraded panel saying so, never as a blank page.

const percent = (ratio: number | null) => (ratio === null ? "—" : `${(ratio * 100).toFixed(1)} %`);
const ms = (value: number | null) => (value === null ? "—" : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`);
const dash = "—";

async function orDegraded(id: string, title: string, render: () => Promise<ReactNode>): Promise<ReactNode> {
  try {
    return await render();
  } catch (error) {
    logger.error({ err: error, panel: id }, "dashboard panel failed");
    return <Panel id={id} title={title} takenAt={new Date()} degraded="This panel's data could not be read just now; it will try again at the next refresh." />;
  }
}

export function DatabasePanelView({ ctx }: { ctx: AuthContext }) {
  return orDegraded("database", "Database", async () => {
    const panel = await databasePanel(ctx);
    const degraded = panel.status === "down" ? "PostgreSQL does not answer." : panel.instancesVisible ? null : "Other instances' pools cannot be read (Redis is down): this process's pool only.";
    return (
      <Panel id="database" title="Database" takenAt={panel.takenAt} degraded={degraded}>
        <Figures
          items={[
            ["Connections (all instances)", `${panel.sum.total} of ${panel.sum.max}`],
            ["In use", panel.sum.inUse],
            ["Idle", panel.sum.idle],
            ["Waiting", panel.sum.waiting],
            ["Acquisitions", formatNumber(panel.sum.acquisitions)],
            ["Waits / timeouts", `${formatNumber(panel.sum.waits)} / ${formatNumber(panel.sum.timeouts)}`],
            ["Round trip", ms(panel.latencyMs)],
            ["Database size", panel.databaseSize ?? dash],
          ]}
        />
        <p className="text-xs text-muted-foreground">PostgreSQL {panel.serverVersion ?? dash}</p>
        {panel.history.length > 1 && (
          <TimeSeriesChart
            label="Pool connections of all instances over the last 24 hours"
            data={panel.history.map((point) => ({ ...point, at: point.at.slice(11) }))}
            xKey="at"
            series={[
              { key: "total", label: "Open", color: "var(--color-primary)" },
              { key: "inUse", label: "In use", color: "var(--color-warning)" },
              { key: "waiting", label: "Waiting", color: "var(--color-destructive)" },
            ]}
          />
        )}
        <Table aria-label="Pool per instance">
          <TableHeader>
            <TableRow>
              <TableHead>Instance</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead className="text-right">Open / max</TableHead>
              <TableHead className="text-right">In use</TableHead>
              <TableHead className="text-right">Idle</TableHead>
              <TableHead className="text-right">Waiting</TableHead>
              <TableHead className="text-right">Round trip</TableHead>
              <TableHead>Last sample</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {panel.pools.map((entry) => (
              <TableRow key={entry.instanceId}>
                <TableCell className="font-mono text-xs">{entry.instanceId}</TableCell>
                <TableCell>{entry.kind}</TableCell>
                <TableCell className="text-right tabular-nums">{`${entry.pool.total} / ${entry.pool.max}`}</TableCell>
                <TableCell className="text-right tabular-nums">{entry.pool.inUse}</TableCell>
                <TableCell className="text-right tabular-nums">{entry.pool.idle}</TableCell>
                <TableCell className="text-right tabular-nums">{entry.pool.waiting}</TableCell>
                <TableCell className="text-right tabular-nums">{ms(entry.latencyMs)}</TableCell>
                {/* Samples older than 30 s expire, so the time of day (to the second) says all. */}
                <TableCell className="tabular-nums">{`${entry.sampledAt.slice(11, 19)} UTC`}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {panel.replicas.length > 0 && (
          <Table aria-label="Read replicas of this instance">
            <TableHeader>
              <TableRow>
                <TableHead>Replica</TableHead>
                <TableHead>Serves reads</TableHead>
                <TableHead className="text-right">Lag</TableHead>
                <TableHead className="text-right">Open / max</TableHead>
                <TableHead className="text-right">In use</TableHead>
                <TableHead className="text-right">Waiting</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {panel.replicas.map((replica) => (
                <TableRow key={replica.name}>
                  <TableCell className="font-mono text-xs">{replica.name}</TableCell>
                  <TableCell>{replica.serving ? "yes" : "no (down, lagging or not yet known)"}</TableCell>
                  <TableCell className="text-right tabular-nums">{ms(replica.lagMs)}</TableCell>
                  <TableCell className="text-right tabular-nums">{`${replica.pool.total} / ${replica.pool.max}`}</TableCell>
                  <TableCell className="text-right tabular-nums">{replica.pool.inUse}</TableCell>
                  <TableCell className="text-right tabular-nums">{replica.pool.waiting}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {panel.largestTables.length > 0 && (
          <Table aria-label="Largest tables">
            <TableHeader>
              <TableRow>
                <TableHead>Table</TableHead>
                <TableHead className="text-right">Size</TableHead>
                <TableHead className="text-right">Rows (estimate)</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {panel.largestTables.map((table) => (
                <TableRow key={table.table}>
                  <TableCell className="font-mono text-xs">{table.table}</TableCell>
                  <TableCell className="text-right tabular-nums">{table.size}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(table.rows)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {panel.slowStatements ? (
          <Table aria-label="Slowest statements">
            <TableHeader>
              <TableRow>
                <TableHead>Statement</TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead className="text-right">Mean</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {panel.slowStatements.map((statement) => (
                <TableRow key={statement.query}>
                  <TableCell className="max-w-xl truncate font-mono text-xs">{statement.query}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(statement.calls)}</TableCell>
                  <TableCell className="text-right tabular-nums">{ms(statement.meanMs)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <p className="text-xs text-muted-foreground">Slowest statements: the pg_stat_statements extension is not installed.</p>
        )}
      </Panel>
    );
  });
}

export function CachePanelView({ ctx }: { ctx: AuthContext }) {
  return orDegraded("cache", "Cache", async () => {
    const panel = await cachePanel(ctx);
    return (
      <Panel id="cache" title="Cache" takenAt={panel.takenAt} degraded={panel.error}>
        <Figures
          items={[
            ["Status", panel.status === "up" ? `Up (${panel.backend})` : "Down"],
            ["Hit ratio", percent(panel.hitRatio)],
            ["Operations / s", panel.opsPerSecond ?? dash],
            ["Memory used", panel.usedMemory ?? dash],
            ["Memory peak", panel.usedMemoryPeak ?? dash],
            ["Keys", panel.keys === null ? dash : formatNumber(panel.keys)],
            ["Evictions", panel.evictions === null ? dash : formatNumber(panel.evictions)],
            ["Connected clients", panel.connectedClients ?? dash],
            ["Fall-throughs to PostgreSQL", formatNumber(panel.fallThroughs)],
          ]}
        />
      </Panel>
    );
  });
}

export function ConnectionsPanelView({ ctx }: { ctx: AuthContext }) {
  return orDegraded("connections", "Connections", async () => {
    const panel = await connectionsPanel(ctx);
    return (
      <Panel id="connections" title="Connections" takenAt={panel.takenAt} degraded={panel.liveCounts ? null : "Counts not yet flushed from Redis are missing (Redis is down)."}>
        {panel.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No connections yet. <Link href="/connections" className="text-primary underline">Add one</Link>.</p>
        ) : (
          <Table aria-label="Connection health">
            <TableHeader>
              <TableRow>
                <TableHead>Connection</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Last test</TableHead>
                <TableHead className="text-right">Requests (1 h)</TableHead>
                <TableHead className="text-right">Error rate (1 h)</TableHead>
                <TableHead className="text-right">p95 (1 h)</TableHead>
                <TableHead className="text-right">Requests (24 h)</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {panel.rows.map((row) => (
                <TableRow key={row.id}>
                  <TableCell>
                    <Link href={`/connections/${row.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                      {row.name}
                    </Link>
                    <span className="block text-xs text-muted-foreground">{KIND_LABELS[row.kind as EndpointKind] ?? row.kind}</span>
                  </TableCell>
                  <TableCell>{!row.isActive ? "Deactivated" : row.isConnected ? "Connected" : row.lastTestAt ? "Down" : "Not tested"}</TableCell>
                  <TableCell className="whitespace-nowrap">{row.lastTestAt ? `${formatDateTime(row.lastTestAt)} · ${row.lastTestSuccess ? "passed" : "failed"}` : "Never"}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(row.lastHour.total)}</TableCell>
                  <TableCell className="text-right tabular-nums">{percent(row.lastHour.errorRate)}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.lastHour.p95Ms === null ? dash : `≤ ${formatNumber(row.lastHour.p95Ms)} ms`}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(row.lastDay.total)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
    );
  });
}

export function Hl7PanelView({ ctx }: { ctx: AuthContext }) {
  return orDegraded("hl7-feed", "HL7 feed", async () => {
    const panel = await hl7Panel(ctx);
    return (
      <Panel id="hl7-feed" title="HL7 feed" takenAt={panel.takenAt}>
        <Figures
          items={[
            ["Messages (1 h)", formatNumber(panel.lastHour.total)],
            ["Error rate (1 h)", percent(panel.lastHour.errorRate)],
            ["ACK latency (avg / p95)", `${ms(panel.lastHour.ackMsAverage)} / ${ms(panel.lastHour.ackMsP95)}`],
            ["Messages (24 h)", formatNumber(panel.lastDay.total)],
            [
              "Failed, waiting for reprocessing",
              <Link key="failed" href="/hl7?status=error" className="text-primary underline underline-offset-4">
                {formatNumber(panel.waitingForReprocessing)}
              </Link>,
            ],
          ]}
        />
        {panel.perMinute.length > 0 ? (
          <TimeSeriesChart
            kind="stacked-bars"
            label="Inbound HL7 messages per minute by status, last 60 minutes"
            data={panel.perMinute.map((point) => ({ ...point, minute: point.minute.slice(11, 16) }))}
            xKey="minute"
            series={[
              { key: "processed", label: "Processed", color: "var(--color-success)" },
              { key: "error", label: "Error", color: "var(--color-destructive)" },
              { key: "other", label: "Other", color: "var(--color-muted-foreground)" },
            ]}
          />
        ) : (
          <p className="text-sm text-muted-foreground">No messages in the last 60 minutes.</p>
        )}
        <Table aria-label="Last message per feed">
          <TableHeader>
            <TableRow>
              <TableHead>Feed</TableHead>
              <TableHead>Last message</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {panel.lastPerConnection.map((row) => (
              <TableRow key={row.connectionId}>
                <TableCell>
                  <Link href={`/connections/${row.connectionId}`} className="text-primary underline-offset-4 hover:underline">
                    {row.name}
                  </Link>
                </TableCell>
                <TableCell className="tabular-nums">{row.lastMessageAt ? formatDateTime(row.lastMessageAt) : "None yet"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Panel>
    );
  });
}

const SYSTEM_LABELS: Record<SystemCountKey, string> = {
  patients: "Patients",
  observations: "Observations",
  medications: "Medications",
  allergies: "Allergies",
  hl7Messages: "HL7 messages",
  auditEvents: "Audit events",
};

function growth(now: number, before: number | undefined): string {
  if (before === undefined) return dash;
  const change = now - before;
  return `${change >= 0 ? "+" : ""}${formatNumber(change)}`;
}

export function SystemPanelView({ ctx }: { ctx: AuthContext }) {
  return orDegraded("system", "System", async () => {
    const panel = await systemPanel(ctx);
    return (
      <Panel id="system" title="System" takenAt={panel.takenAt} degraded={panel.dayAgo ? null : "No sample from a day ago yet: growth appears once the worker has sampled for a day."}>
        <Table aria-label="Record counts and growth">
          <TableHeader>
            <TableRow>
              <TableHead>Records</TableHead>
              <TableHead className="text-right">Now</TableHead>
              <TableHead className="text-right">Last 24 h</TableHead>
              <TableHead className="text-right">Last 7 days</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(Object.keys(SYSTEM_LABELS) as SystemCountKey[]).map((key) => (
              <TableRow key={key}>
                <TableCell>{SYSTEM_LABELS[key]}</TableCell>
                <TableCell className="text-right tabular-nums">{formatNumber(panel.counts[key])}</TableCell>
                <TableCell className="text-right tabular-nums">{growth(panel.counts[key], panel.dayAgo?.[key])}</TableCell>
                <TableCell className="text-right tabular-nums">{growth(panel.counts[key], panel.weekAgo?.[key])}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Panel>
    );
  });
}
