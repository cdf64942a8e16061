import { Lock } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatDateTime, sortableName } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RecentChart } from "@/lib/patients/recent-charts";

/** The charts the clinician opened lately, newest first: one click back to each. */
export function RecentChartsTable({ charts }: { charts: readonly RecentChart[] }) {
  if (charts.length === 0) {
    return (
      <p className="rounded-lg border bg-card p-4 text-sm text-muted-foreground shadow-xs" role="status">
        Charts you open appear here, so you can go back to them in one click.
      </p>
    );
  }
  return (
    <div className="rounded-lg border bg-card shadow-xs">
      <Table aria-label="Recently opened charts">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Patient</TableHead>
            <TableHead>MRN</TableHead>
            <TableHead>Birth date</TableHead>
            <TableHead>Last opened</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {charts.map((chart) => (
            <TableRow key={chart.patientId}>
              <TableCell>
                <span className="flex flex-wrap items-center gap-2">
                  <Link href={`/patients/${chart.patientId}`} className="font-medium text-primary underline-offset-4 hover:underline">
                    {sortableName(chart)}
                  </Link>
                  {chart.restricted && (
                    <Badge variant="warning">
                      <Lock aria-hidden="true" />
                      Restricted
                    </Badge>
                  )}
                </span>
              </TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{chart.mrn}</TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{formatDate(chart.birthDate)}</TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{formatDateTime(chart.lastViewedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
