import Link from "next/link";
import { formatDateTime, humanize } from "@/components/ui/format";
import { EmptyNote } from "@/components/patients/observation-parts";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { PatientMessageSummary } from "@/lib/patients/messages-schema";

const STATUS_VARIANTS = { processed: "success", acknowledged: "success", sent: "default", received: "muted", error: "destructive" } as const;

/**
 * The HL7 v2 messages matched to this patient, newest first: what came in (or went out), and how it went. With
 * `linked` (the viewer holds hl7:read) each message's time opens it in the message store.
 */
export function MessagesTab({ messages, linked = false }: { messages: readonly PatientMessageSummary[]; linked?: boolean }) {
  if (messages.length === 0) return <EmptyNote>No HL7 messages mention this patient.</EmptyNote>;
  return (
    <section aria-labelledby="messages-heading" className="flex flex-col gap-3">
      <h2 id="messages-heading" className="text-base font-semibold">
        HL7 messages <span className="text-sm font-normal text-muted-foreground">({messages.length})</span>
      </h2>
      <div className="rounded-lg border bg-card shadow-xs">
        <Table aria-labelledby="messages-heading">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Message time</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Control id</TableHead>
              <TableHead>Direction</TableHead>
              <TableHead>From</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>ACK</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {messages.map((message) => (
              <TableRow key={message.id}>
                <TableCell className="whitespace-nowrap">
                  {linked ? (
                    <Link href={`/hl7/${message.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                      {formatDateTime(message.messageDatetime)}
                    </Link>
                  ) : (
                    formatDateTime(message.messageDatetime)
                  )}
                </TableCell>
                <TableCell className="font-mono text-xs">{message.triggerEvent ? `${message.messageType}^${message.triggerEvent}` : message.messageType}</TableCell>
                <TableCell className="font-mono text-xs">{message.messageControlId}</TableCell>
                <TableCell>{humanize(message.direction)}</TableCell>
                <TableCell>{[message.sendingApplication, message.sendingFacility].filter(Boolean).join(" / ") || "—"}</TableCell>
                <TableCell>
                  <Badge variant={STATUS_VARIANTS[message.status]}>{humanize(message.status)}</Badge>
                </TableCell>
                <TableCell className="font-mono text-xs">{message.ackCode ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
