"use client";

import { GitMerge, Lock } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import type { TableQuery } from "@/components/data-table/url-state";
import { MrnWithAuthority } from "@/components/patients/mrn";
import { Badge } from "@/components/ui/badge";

/** One row of the list, formatted on the server: only what the list shows leaves the server. */
export interface PatientListRow {
  id: string;
  name: string;
  mrn: string;
  mrnAuthority: string;
  /** The identifier an identifier search matched, when it is not the MRN shown (e.g. a merged record's old MRN). */
  matchedIdentifier: string | null;
  /** The surviving patient's id, for a merged record (listed only when merged records are asked for). */
  mergedInto: string | null;
  birthDate: string;
  age: number;
  gender: string;
  sourceEmr: string | null;
  updatedAt: string;
  restricted: boolean;
}

const helper = dataTableColumnHelper<PatientListRow>();
const nowrap = { cellClassName: "whitespace-nowrap" };

// Column ids are the server's sort keys (lib/patients/search-schema.ts): name, mrn, birthDate, updatedAt.
const columns = helper.columns([
  helper.accessor("name", {
    header: "Name",
    cell: ({ row }) => (
      <span className="flex flex-wrap items-center gap-2">
        <Link href={`/patients/${row.original.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
          {row.original.name}
        </Link>
        {row.original.restricted && (
          <Badge variant="warning">
            <Lock aria-hidden="true" />
            Restricted
          </Badge>
        )}
        {row.original.mergedInto && (
          <Link href={`/patients/${row.original.mergedInto}`} className="rounded-full" aria-label={`Merged: open the surviving record of ${row.original.name}`}>
            <Badge variant="muted">
              <GitMerge aria-hidden="true" />
              Merged → surviving record
            </Badge>
          </Link>
        )}
      </span>
    ),
  }),
  helper.accessor("mrn", {
    header: "MRN",
    meta: { cellClassName: "text-xs whitespace-nowrap" },
    cell: ({ row }) => (
      <span className="flex flex-col gap-0.5">
        <MrnWithAuthority mrn={row.original.mrn} authority={row.original.mrnAuthority} />
        {row.original.matchedIdentifier && <span className="text-muted-foreground">Found by {row.original.matchedIdentifier}</span>}
      </span>
    ),
  }),
  helper.accessor("birthDate", {
    header: "Birth date",
    meta: nowrap,
    cell: ({ row }) => (
      <span className="tabular-nums">
        {row.original.birthDate} <span className="text-muted-foreground">({row.original.age} y)</span>
      </span>
    ),
  }),
  helper.accessor("gender", { header: "Gender", enableSorting: false }),
  helper.accessor("sourceEmr", { header: "Source EMR", enableSorting: false, meta: nowrap, cell: (info) => info.getValue() ?? "—" }),
  helper.accessor("updatedAt", { header: "Last updated", sortDescFirst: true, meta: { cellClassName: "whitespace-nowrap tabular-nums" } }),
]);

const getRowId = (row: PatientListRow) => row.id;

interface PatientTableProps extends TableQuery {
  rows: PatientListRow[];
  total: number;
  emptyState: ReactNode;
}

/** The patient list in the shared data table: sorted and paged by the server, state in the URL. */
export function PatientTable({ rows, total, emptyState, page, pageSize, sort }: PatientTableProps) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      getRowId={getRowId}
      label="Patients"
      noun="patients"
      emptyState={emptyState}
      page={page}
      pageSize={pageSize}
      sort={sort}
    />
  );
}
