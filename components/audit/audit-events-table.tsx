"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { AUDIT_COLUMNS_PATH, AUDIT_TABLE_COLUMNS, type RememberedColumns } from "@/components/audit/audit-columns";
import { EmergencyBadge } from "@/components/audit/emergency-badge";
import { utcDateTime } from "@/components/audit/format";
import { OutcomeBadge } from "@/components/audit/outcome-badge";
import { rememberColumns, visibilityState, visibleColumnsOf } from "@/components/data-table/column-preferences";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { formatNumber, humanize } from "@/components/ui/format";
import type { AuditEventPage, AuditEventRow } from "@/lib/audit/types";

const helper = dataTableColumnHelper<AuditEventRow>();

const dash = <span className="text-muted-foreground">—</span>;
const text = (value: string | null) => value ?? dash;
const words = (value: string | null) => (value ? humanize(value) : dash);
const mono = { cellClassName: "font-mono text-xs whitespace-nowrap" };
const nowrap = { cellClassName: "whitespace-nowrap" };
const numeric = { headerClassName: "text-right", cellClassName: "text-right tabular-nums" };
const link = "font-medium text-primary underline-offset-4 hover:underline";

// Column ids are the server's sort keys (lib/audit/criteria.ts AUDIT_SORT_FIELDS): every column sorts. The order
// is AUDIT_TABLE_COLUMNS'; the time, always shown, opens the event, whose page shows everything stored.
const columns = helper.columns([
  helper.accessor("timestamp", {
    header: "Time (UTC)",
    sortDescFirst: true,
    enableHiding: false,
    meta: mono,
    cell: ({ row }) => (
      <Link href={`/audit/${row.original.id}`} className={`font-mono text-xs ${link}`} title={`Event #${row.original.id}`}>
        {utcDateTime(row.original.timestamp)}
      </Link>
    ),
  }),
  helper.accessor("id", { header: "Event", sortDescFirst: true, meta: { ...mono, label: "Event id" }, cell: (info) => `#${info.getValue()}` }),
  helper.accessor("username", { header: "User", meta: nowrap, cell: (info) => text(info.getValue()) }),
  helper.accessor("userId", { header: "User id", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("userRole", { header: "Role", cell: (info) => text(info.getValue()) }),
  helper.accessor("action", {
    header: "Action",
    meta: { cellClassName: "min-w-48" },
    cell: ({ row }) => (
      <div className="flex flex-col items-start gap-1">
        <span className="font-mono text-xs">{row.original.action}</span>
        {row.original.emergencyAccess && <EmergencyBadge />}
        {row.original.emergencyReason && <span className="text-xs text-muted-foreground">Reason: {row.original.emergencyReason}</span>}
      </div>
    ),
  }),
  helper.accessor("eventType", { header: "Event type", meta: nowrap, cell: (info) => humanize(info.getValue()) }),
  helper.accessor("eventCategory", { header: "Category", meta: nowrap, cell: (info) => words(info.getValue()) }),
  helper.accessor("patientMrn", { header: "Patient", meta: { ...mono, label: "Patient (MRN)" }, cell: (info) => text(info.getValue()) }),
  helper.accessor("patientId", { header: "Patient id", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("dataCategory", { header: "Data", meta: { ...nowrap, label: "Data category" }, cell: (info) => words(info.getValue()) }),
  helper.accessor("resourceType", { header: "Resource", meta: { ...nowrap, label: "Resource type" }, cell: (info) => text(info.getValue()) }),
  helper.accessor("resourceId", { header: "Resource id", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("status", { header: "Outcome", cell: (info) => <OutcomeBadge status={info.getValue()} /> }),
  helper.accessor("statusCode", { header: "Code", sortDescFirst: false, meta: { ...numeric, label: "Status code" }, cell: (info) => info.getValue() ?? dash }),
  helper.accessor("requestMethod", { header: "Method", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("requestPath", { header: "Path", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("requestId", { header: "Request id", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("ipAddress", { header: "IP address", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("userAgent", { header: "User agent", meta: { cellClassName: "max-w-80 truncate text-xs" }, cell: (info) => text(info.getValue()) }),
  helper.accessor("durationMs", { header: "Duration (ms)", sortDescFirst: true, meta: numeric, cell: (info) => info.getValue() ?? dash }),
]);

const getRowId = (row: AuditEventRow) => row.id;
const emergencyRow = (row: AuditEventRow) => (row.emergencyAccess ? "bg-warning-soft/60 hover:bg-warning-soft" : undefined);

interface AuditEventsTableProps {
  events: AuditEventPage;
  label: string;
  emptyState: ReactNode;
  /** The current sort; every column sorts when given. */
  sort?: { field: string; dir: "asc" | "desc" };
  /** The columns this user chose (rememberedAuditColumns), kept when they choose again. */
  columns: RememberedColumns;
}

/** Audit events in the data table shell: keyset pages, the reviewer's columns by default, the rest on demand. */
export function AuditEventsTable({ events, label, emptyState, sort, columns: remembered }: AuditEventsTableProps) {
  const [visible, setVisible] = useState(remembered.visible);
  const choose = (next: string[]) => {
    setVisible(next);
    rememberColumns(remembered.cookieName, next, AUDIT_COLUMNS_PATH);
  };
  const note = events.sortWindow
    ? `Sorted among the newest ${formatNumber(events.sortWindow)} matching events: this column has no index. Narrow the filters to sort them all.`
    : undefined;
  return (
    <DataTable
      columns={columns}
      data={events.data}
      total={events.total}
      getRowId={getRowId}
      label={label}
      noun="events"
      emptyState={emptyState}
      rowClassName={emergencyRow}
      pageSize={events.pageSize}
      sort={sort}
      keyset={{ next: events.next, previous: events.previous, totalIsEstimate: events.totalIsEstimate, note }}
      columnVisibility={{
        state: visibilityState(visible, AUDIT_TABLE_COLUMNS),
        onChange: (state) => choose(visibleColumnsOf(state, AUDIT_TABLE_COLUMNS)),
        onReset: () => choose([...AUDIT_TABLE_COLUMNS.defaults]),
      }}
    />
  );
}
