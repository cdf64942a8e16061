"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { AlertStatusBadge, SeverityBadge } from "@/components/alerts/alert-badges";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import type { TableQuery } from "@/components/data-table/url-state";
import type { AlertSeverity } from "@/lib/alerts/rules";
import type { AlertStatus } from "@/lib/alerts/schema";

/** One row of the alerts list, formatted on the server. */
export interface AlertRow {
  id: string;
  title: string;
  ruleTitle: string;
  severity: AlertSeverity;
  status: AlertStatus;
  subject: string;
  count: number;
  eventCount: number;
  firstSeen: string;
  lastSeen: string;
  assignee: string;
}

const helper = dataTableColumnHelper<AlertRow>();
const link = "font-medium text-primary underline-offset-4 hover:underline";

// Column ids are the server's sort keys (lib/alerts/schema.ts); the alert itself, its subject and assignee do not sort.
const columns = helper.columns([
  helper.accessor("lastSeen", {
    id: "lastSeenAt",
    header: "Last seen (UTC)",
    sortDescFirst: true,
    meta: { cellClassName: "font-mono text-xs whitespace-nowrap" },
  }),
  helper.accessor("severity", { header: "Severity", sortDescFirst: true, cell: (info) => <SeverityBadge severity={info.getValue()} /> }),
  helper.accessor("title", {
    id: "rule",
    header: "Alert",
    meta: { cellClassName: "min-w-64" },
    cell: ({ row }) => (
      <span className="flex flex-col">
        <Link href={`/alerts/${row.original.id}`} className={link}>
          {row.original.title}
        </Link>
        <span className="text-xs text-muted-foreground">{row.original.ruleTitle}</span>
      </span>
    ),
  }),
  helper.accessor("subject", { header: "Who / what", enableSorting: false, meta: { cellClassName: "text-sm break-all" } }),
  helper.accessor("status", { header: "Status", cell: (info) => <AlertStatusBadge status={info.getValue()} /> }),
  helper.accessor("count", {
    header: "Seen",
    sortDescFirst: true,
    meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums", label: "Times seen" },
    cell: ({ row }) => (
      <span title={`${row.original.eventCount} audit events`}>
        {row.original.count}×<span className="sr-only"> ({row.original.eventCount} audit events)</span>
      </span>
    ),
  }),
  helper.accessor("assignee", { header: "Assigned to", enableSorting: false, meta: { cellClassName: "text-sm whitespace-nowrap" } }),
]);

const getRowId = (row: AlertRow) => row.id;
const openRow = (row: AlertRow) => (row.status === "open" ? "bg-warning-soft/40 hover:bg-warning-soft/70" : undefined);

interface AlertsTableProps extends TableQuery {
  rows: AlertRow[];
  total: number;
  emptyState: ReactNode;
}

export function AlertsTable({ rows, total, emptyState, page, pageSize, sort }: AlertsTableProps) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      getRowId={getRowId}
      label="Security alerts"
      noun="alerts"
      emptyState={emptyState}
      rowClassName={openRow}
      page={page}
      pageSize={pageSize}
      sort={sort}
    />
  );
}
