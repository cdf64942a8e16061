"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { utcDateTime } from "@/components/audit/format";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { Hl7StatusBadge, messageTypeText } from "@/components/hl7/status-badge";
import { humanize } from "@/components/ui/format";
import { HL7_SORT_FIELD } from "@/lib/hl7/store/criteria";
import type { Hl7MessagePage, Hl7MessageRow } from "@/lib/hl7/store/types";

const helper = dataTableColumnHelper<Hl7MessageRow>();
const dash = <span className="text-muted-foreground">—</span>;
const mono = { cellClassName: "font-mono text-xs whitespace-nowrap" };
const link = "font-medium text-primary underline-offset-4 hover:underline";

/** A failed inbound message, the only kind reprocessing takes. */
export const isReprocessable = (row: Hl7MessageRow): boolean => row.direction === "inbound" && row.status === "error";

function columnsFor(selectionForm: string | undefined) {
  const select = selectionForm
    ? [
        helper.display({
          id: "select",
          header: () => <span className="sr-only">Select</span>,
          enableSorting: false,
          enableHiding: false,
          cell: ({ row }) =>
            isReprocessable(row.original) ? (
              <input
                type="checkbox"
                name="ids"
                value={row.original.id}
                form={selectionForm}
                aria-label={`Select message ${row.original.controlId ?? row.original.id}`}
                className="size-4 accent-primary"
              />
            ) : null,
        }),
      ]
    : [];
  return helper.columns([
    ...select,
    helper.accessor(HL7_SORT_FIELD, {
      header: "Received (UTC)",
      sortDescFirst: true,
      meta: mono,
      cell: ({ row }) => (
        <Link href={`/hl7/${row.original.id}`} className={`font-mono text-xs ${link}`}>
          {utcDateTime(row.original.createdAt)}
        </Link>
      ),
    }),
    helper.display({ id: "type", header: "Type", enableSorting: false, meta: mono, cell: ({ row }) => messageTypeText(row.original.messageType, row.original.triggerEvent) }),
    helper.accessor("controlId", { header: "Control id", enableSorting: false, meta: mono, cell: (info) => info.getValue() ?? dash }),
    helper.accessor("direction", { header: "Direction", enableSorting: false, cell: (info) => humanize(info.getValue()) }),
    helper.display({
      id: "sender",
      header: "Sender",
      enableSorting: false,
      cell: ({ row }) => [row.original.sendingApplication, row.original.sendingFacility].filter(Boolean).join(" / ") || dash,
    }),
    helper.display({
      id: "patient",
      header: "Patient (MRN)",
      enableSorting: false,
      meta: mono,
      cell: ({ row }) =>
        row.original.patientMrn ? `${row.original.patientMrn}${row.original.patientMrnAuthority ? ` (${row.original.patientMrnAuthority})` : ""}` : dash,
    }),
    helper.accessor("status", { header: "Status", enableSorting: false, cell: (info) => <Hl7StatusBadge status={info.getValue()} /> }),
    helper.accessor("ackCode", { header: "ACK", enableSorting: false, meta: mono, cell: (info) => info.getValue() ?? dash }),
    helper.display({
      id: "error",
      header: "Error",
      enableSorting: false,
      meta: { cellClassName: "text-xs" },
      cell: ({ row }) =>
        row.original.errorCode !== null ? (
          <span className="font-mono text-destructive">
            {row.original.errorCode}
            {row.original.errorLocation && ` at ${row.original.errorLocation}`}
          </span>
        ) : (
          dash
        ),
    }),
    helper.accessor("retryCount", { header: "Retries", enableSorting: false, meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums" } }),
  ]);
}

const getRowId = (row: Hl7MessageRow) => row.id;
const failedRow = (row: Hl7MessageRow) => (row.status === "error" ? "bg-destructive-soft/40" : undefined);

interface Hl7MessagesTableProps {
  page: Hl7MessagePage;
  dir: "asc" | "desc";
  emptyState: ReactNode;
  /** The reprocess form's id, when the viewer may reprocess: failed rows then get a checkbox belonging to it. */
  selectionForm?: string;
}

/** The message store's list: keyset pages in received order, failed rows marked (and selectable to reprocess). */
export function Hl7MessagesTable({ page, dir, emptyState, selectionForm }: Hl7MessagesTableProps) {
  return (
    <DataTable
      columns={columnsFor(selectionForm)}
      data={page.data}
      total={page.total}
      getRowId={getRowId}
      label="HL7 messages"
      noun="messages"
      emptyState={emptyState}
      rowClassName={failedRow}
      pageSize={page.pageSize}
      sort={{ field: HL7_SORT_FIELD, dir }}
      keyset={{ next: page.next, previous: page.previous, totalIsEstimate: page.totalIsEstimate }}
    />
  );
}
