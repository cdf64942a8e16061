"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ConnectionStatusBadge } from "@/components/connections/connection-status-badge";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import type { TableQuery } from "@/components/data-table/url-state";

/** One row of the connections list, formatted on the server. */
export interface ConnectionRow {
  id: string;
  name: string;
  connectionId: string;
  emrType: string;
  kind: string;
  isActive: boolean;
  isConnected: boolean;
  lastTestAt: string | null;
  lastTest: string;
  messagesLastHour: number;
  errorRate: string;
}

const helper = dataTableColumnHelper<ConnectionRow>();

// Column ids are the server's sort keys (lib/connections/criteria.ts); status and error rate do not sort.
const columns = helper.columns([
  helper.accessor("name", {
    header: "Name",
    cell: ({ row }) => (
      <span className="flex flex-col">
        <Link href={`/connections/${row.original.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
          {row.original.name}
        </Link>
        <span className="text-xs text-muted-foreground">{row.original.connectionId}</span>
      </span>
    ),
  }),
  helper.accessor("emrType", { header: "EMR type" }),
  helper.accessor("kind", { header: "Endpoint" }),
  helper.accessor("isConnected", {
    id: "status",
    header: "Status",
    enableSorting: false,
    cell: ({ row }) => <ConnectionStatusBadge status={row.original} />,
  }),
  helper.accessor("lastTest", { id: "lastTestAt", header: "Last test", sortDescFirst: true, meta: { cellClassName: "text-sm" } }),
  helper.accessor("messagesLastHour", { header: "Messages (1 h)", sortDescFirst: true, meta: { cellClassName: "tabular-nums text-right" } }),
  helper.accessor("errorRate", { header: "Error rate (1 h)", enableSorting: false, meta: { cellClassName: "tabular-nums text-right" } }),
]);

const getRowId = (row: ConnectionRow) => row.id;

interface ConnectionsTableProps extends TableQuery {
  rows: ConnectionRow[];
  total: number;
  emptyState: ReactNode;
}

export function ConnectionsTable({ rows, total, emptyState, page, pageSize, sort }: ConnectionsTableProps) {
  return <DataTable columns={columns} data={rows} total={total} getRowId={getRowId} label="EMR connections" noun="connections" emptyState={emptyState} page={page} pageSize={pageSize} sort={sort} />;
}
