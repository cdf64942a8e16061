"use client";

import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

/** One line of the results list, formatted on the server (dates in UTC, units as written). */
export interface ResultLine {
  id: string;
  name: string;
  category: string;
  value: string;
  /** "UCUM mm[Hg]": the unit's code, shown as a tooltip; null when the value has no unit. */
  unitTitle: string | null;
  /** "High", "Critical low" …; null for a normal result. */
  flag: string | null;
  critical: boolean;
  range: string;
  at: string;
  status: string;
  /** Cancelled or entered in error: listed, struck through. */
  withdrawn: boolean;
}

const helper = dataTableColumnHelper<ResultLine>();

const columns = helper.columns([
  helper.accessor("name", { header: "Test", cell: (info) => <span className="font-medium">{info.getValue()}</span> }),
  helper.accessor("value", {
    header: "Result",
    cell: ({ row }) => (
      <span className={cn("flex flex-wrap items-center gap-2 tabular-nums", row.original.flag && "font-semibold", row.original.withdrawn && "line-through")}>
        <span title={row.original.unitTitle ?? undefined}>{row.original.value}</span>
        {row.original.flag && <Badge variant={row.original.critical ? "destructive" : "warning"}>{row.original.flag}</Badge>}
      </span>
    ),
  }),
  helper.accessor("range", { header: "Reference range", meta: { cellClassName: "text-muted-foreground" } }),
  helper.accessor("category", { header: "Category", meta: { cellClassName: "text-muted-foreground" } }),
  helper.accessor("at", { header: "Date", meta: { cellClassName: "whitespace-nowrap text-muted-foreground" } }),
  helper.accessor("status", { header: "Status" }),
]);

interface ResultTableProps {
  lines: ResultLine[];
  total: number;
  page: number;
  pageSize: number;
}

/** Every result of the patient, newest first, one page at a time (the page is in the URL). */
export function ResultTable({ lines, total, page, pageSize }: ResultTableProps) {
  return (
    <DataTable
      columns={columns}
      data={lines}
      total={total}
      page={page}
      pageSize={pageSize}
      getRowId={(line) => line.id}
      label="Results"
      noun="results"
      emptyState={<p className="text-sm text-muted-foreground">No results.</p>}
      rowClassName={(line) => (line.critical ? "bg-destructive-soft" : line.flag ? "bg-warning-soft/70" : undefined)}
    />
  );
}
