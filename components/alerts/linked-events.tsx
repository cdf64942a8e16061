import Link from "next/link";
import { OutcomeBadge } from "@/components/audit/outcome-badge";
import { utcDateTime } from "@/components/audit/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AlertLinkedEvent } from "@/lib/alerts/schema";

const link = "font-medium text-primary underline-offset-4 hover:underline";
const dash = <span className="text-muted-foreground">—</span>;

/** The audit events that raised an alert, each opening its own audit record. */
export function LinkedEvents({ events }: { events: AlertLinkedEvent[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border bg-card">
      <Table aria-label="Audit events that raised this alert">
        <TableHeader>
          <TableRow>
            <TableHead>Event</TableHead>
            <TableHead>Time (UTC)</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>User</TableHead>
            <TableHead>Patient (MRN)</TableHead>
            <TableHead>IP address</TableHead>
            <TableHead>Outcome</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => (
            <TableRow key={event.id}>
              <TableCell>
                <Link href={`/audit/${event.id}`} className={`font-mono text-xs ${link}`}>
                  #{event.id}
                </Link>
              </TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{utcDateTime(event.timestamp)}</TableCell>
              <TableCell className="font-mono text-xs">{event.action}</TableCell>
              <TableCell className="whitespace-nowrap">{event.username ?? event.userId ?? dash}</TableCell>
              <TableCell className="font-mono text-xs">{event.patientMrn ?? dash}</TableCell>
              <TableCell className="font-mono text-xs">{event.ipAddress ?? dash}</TableCell>
              <TableCell>
                <OutcomeBadge status={event.status} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
