import type { ReactNode } from "react";
import { utcDateTime } from "@/components/audit/format";
import { Badge } from "@/components/ui/badge";
import { formatNumber, humanize } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AccessTally } from "@/lib/audit/types";

export interface LeadColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

interface AccessTallyTableProps<T extends AccessTally> {
  label: string;
  rows: readonly T[];
  /** The columns naming who or what each row is (user, role / patient). */
  lead: readonly LeadColumn<T>[];
  rowKey: (row: T) => string;
  empty: string;
}

/** A report's summary: per user (or per patient) how many events, when first and last, which data, any red flags. */
export function AccessTallyTable<T extends AccessTally>({ label, rows, lead, rowKey, empty }: AccessTallyTableProps<T>) {
  if (rows.length === 0) return <p className="rounded-lg border bg-card p-6 text-center text-sm text-muted-foreground">{empty}</p>;
  return (
    <div className="rounded-lg border bg-card">
      <Table aria-label={label}>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {lead.map((column) => (
              <TableHead key={column.header}>{column.header}</TableHead>
            ))}
            <TableHead className="text-right">Events</TableHead>
            <TableHead>First access (UTC)</TableHead>
            <TableHead>Last access (UTC)</TableHead>
            <TableHead>Data categories</TableHead>
            <TableHead>Flags</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={rowKey(row)}>
              {lead.map((column) => (
                <TableCell key={column.header}>{column.cell(row)}</TableCell>
              ))}
              <TableCell className="text-right tabular-nums">{formatNumber(row.events)}</TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{utcDateTime(row.firstAccess)}</TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{utcDateTime(row.lastAccess)}</TableCell>
              <TableCell>{row.dataCategories.length ? row.dataCategories.map(humanize).join(", ") : "—"}</TableCell>
              <TableCell>
                <div className="flex flex-wrap gap-1">
                  {row.emergencyAccesses > 0 && <Badge variant="warning">{formatNumber(row.emergencyAccesses)} emergency</Badge>}
                  {row.deniedAttempts > 0 && <Badge variant="destructive">{formatNumber(row.deniedAttempts)} denied</Badge>}
                  {row.emergencyAccesses === 0 && row.deniedAttempts === 0 && <span className="text-muted-foreground">—</span>}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
