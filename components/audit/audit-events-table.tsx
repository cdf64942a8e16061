"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import type { TableQuery } from "@/components/data-table/url-state";
import { EmergencyBadge } from "@/components/audit/emergency-badge";
import { humanize, utcDateTime } from "@/components/audit/format";
import { OutcomeBadge } from "@/components/audit/outcome-badge";
import type { AuditEventRow } from "@/lib/audit/types";

const helper = dataTableColumnHelper<AuditEventRow>();

const dash = <span className="text-muted-foreground">—</span>;
const text = (value: string | null) => value ?? dash;
const words = (value: string | null) => (value ? humanize(value) : dash);
const mono = { cellClassName: "font-mono text-xs whitespace-nowrap" };
const nowrap = { cellClassName: "whitespace-nowrap" };
const numeric = { headerClassName: "text-right", cellClassName: "text-right tabular-nums" };

// Column ids are the server's sort keys (lib/audit/criteria.ts AUDIT_SORT_FIELDS): every column sorts.
const columns = helper.columns([
  helper.accessor("id", {
    header: "Event",
    sortDescFirst: true,
    meta: nowrap,
    cell: (info) => (
      <Link href={`/audit/${info.getValue()}`} className="font-mono text-xs font-medium text-primary underline-offset-4 hover:underline" aria-label={`Event ${info.getValue()}`}>
        #{info.getValue()}
      </Link>
    ),
  }),
  helper.accessor("timestamp", { header: "Time (UTC)", sortDescFirst: true, meta: mono, cell: (info) => utcDateTime(info.getValue()) }),
  helper.accessor("eventType", { header: "Event type", meta: nowrap, cell: (info) => humanize(info.getValue()) }),
  helper.accessor("eventCategory", { header: "Category", meta: nowrap, cell: (info) => words(info.getValue()) }),
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
  helper.accessor("username", { header: "User", meta: nowrap, cell: (info) => text(info.getValue()) }),
  helper.accessor("userRole", { header: "Role", cell: (info) => text(info.getValue()) }),
  helper.accessor("resourceType", { header: "Resource", meta: nowrap, cell: (info) => text(info.getValue()) }),
  helper.accessor("resourceId", { header: "Resource id", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("patientMrn", { header: "Patient MRN", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("dataCategory", { header: "Data", meta: nowrap, cell: (info) => words(info.getValue()) }),
  helper.accessor("status", { header: "Outcome", cell: (info) => <OutcomeBadge status={info.getValue()} /> }),
  helper.accessor("statusCode", { header: "Code", sortDescFirst: false, meta: numeric, cell: (info) => info.getValue() ?? dash }),
  helper.accessor("requestMethod", { header: "Method", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("requestPath", { header: "Path", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("ipAddress", { header: "IP address", meta: mono, cell: (info) => text(info.getValue()) }),
  helper.accessor("durationMs", { header: "Duration (ms)", sortDescFirst: true, meta: numeric, cell: (info) => info.getValue() ?? dash }),
  helper.accessor("requestId", { header: "Request id", meta: mono, cell: (info) => text(info.getValue()) }),
]);

const getRowId = (row: AuditEventRow) => row.id;
const emergencyRow = (row: AuditEventRow) => (row.emergencyAccess ? "bg-warning-soft/60 hover:bg-warning-soft" : undefined);

interface AuditEventsTableProps extends TableQuery {
  events: AuditEventRow[];
  total: number;
  label: string;
  emptyState: ReactNode;
}

/** Audit events in the data table shell; sortable by every column when `sort` is given. */
export function AuditEventsTable({ events, total, label, emptyState, page, pageSize, sort }: AuditEventsTableProps) {
  return (
    <DataTable
      columns={columns}
      data={events}
      total={total}
      getRowId={getRowId}
      label={label}
      noun="events"
      emptyState={emptyState}
      rowClassName={emergencyRow}
      page={page}
      pageSize={pageSize}
      sort={sort}
    />
  );
}
