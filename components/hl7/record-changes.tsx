import type { Route } from "next";
import Link from "next/link";
import { humanize } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Hl7RecordChange } from "@/lib/hl7/store/types";

/** The chart tab that shows a kind of record. */
const CHART_TABS: Record<string, string> = { observation: "observations", medication: "medications", allergy: "allergies" };

function chartLink(change: Hl7RecordChange): Route {
  const tab = CHART_TABS[change.resourceType];
  return `/patients/${change.patientId}${tab ? `?tab=${tab}` : ""}` as Route;
}

/**
 * What a message did to the record (hl7_message_changes); with `chartLinks` (the viewer may open charts) each row
 * leads to the chart tab that shows it.
 */
export function RecordChanges({ changes, chartLinks }: { changes: Hl7RecordChange[]; chartLinks: boolean }) {
  if (changes.length === 0) return <p className="text-sm text-muted-foreground">This message created or changed no records.</p>;
  return (
    <div className="rounded-lg border bg-card shadow-xs">
      <Table aria-label="Records created or changed">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Record</TableHead>
            <TableHead>Change</TableHead>
            <TableHead>Patient</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {changes.map((change) => (
            <TableRow key={`${change.resourceType}:${change.resourceId}:${change.change}`}>
              <TableCell>
                {chartLinks ? (
                  <Link href={chartLink(change)} className="font-medium text-primary underline-offset-4 hover:underline">
                    {humanize(change.resourceType)}
                  </Link>
                ) : (
                  humanize(change.resourceType)
                )}
                <span className="ml-2 font-mono text-xs text-muted-foreground">{change.resourceId.slice(0, 8)}</span>
              </TableCell>
              <TableCell>{humanize(change.change)}</TableCell>
              <TableCell className="font-mono text-xs">{change.patientMrn ?? change.patientId}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
