import type { ReactNode } from "react";
import { EmergencyBadge } from "@/components/audit/emergency-badge";
import { EventDetailsTable } from "@/components/audit/event-details-table";
import { formatUtc } from "@/components/audit/format";
import { OutcomeBadge } from "@/components/audit/outcome-badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { humanize } from "@/components/ui/format";
import type { AuditEventDetail } from "@/lib/audit/types";

interface Entry {
  label: string;
  value: ReactNode;
}

const none = <span className="text-muted-foreground">—</span>;
const plain = (value: string | number | null) => (value === null || value === "" ? none : value);
const code = (value: string | null) => (value ? <span className="font-mono text-xs break-all">{value}</span> : none);

function DefinitionList({ entries }: { entries: readonly Entry[] }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
      {entries.map(({ label, value }) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ id, title, entries }: { id: string; title: string; entries: readonly Entry[] }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader>
        <CardTitle id={id} as="h2">
          {title}
        </CardTitle>
      </CardHeader>
      <CardContent>
        <DefinitionList entries={entries} />
      </CardContent>
    </Card>
  );
}

/** Everything stored for one audit event, including its details and its links in the hash chain. */
export function AuditEventDetails({ event }: { event: AuditEventDetail }) {
  return (
    <div className="flex flex-col gap-4">
      <Section
        id="event-what"
        title="Event"
        entries={[
          { label: "Event id", value: code(event.id) },
          { label: "Time", value: formatUtc(event.timestamp) },
          { label: "Event type", value: humanize(event.eventType) },
          { label: "Category", value: plain(event.eventCategory && humanize(event.eventCategory)) },
          {
            label: "Action",
            value: (
              <span className="flex flex-wrap items-center gap-2">
                {code(event.action)}
                {event.emergencyAccess && <EmergencyBadge />}
              </span>
            ),
          },
          ...(event.emergencyReason ? [{ label: "Emergency reason", value: event.emergencyReason }] : []),
          { label: "Outcome", value: <OutcomeBadge status={event.status} /> },
          { label: "Status code", value: plain(event.statusCode) },
          { label: "Duration (ms)", value: plain(event.durationMs) },
        ]}
      />
      <Section
        id="event-who"
        title="Who and what"
        entries={[
          { label: "User", value: plain(event.username) },
          { label: "User id", value: code(event.userId) },
          { label: "Role", value: plain(event.userRole) },
          { label: "Resource type", value: plain(event.resourceType) },
          { label: "Resource id", value: code(event.resourceId) },
          { label: "Patient MRN", value: code(event.patientMrn) },
          { label: "Patient id", value: code(event.patientId) },
          { label: "Data category", value: plain(event.dataCategory && humanize(event.dataCategory)) },
        ]}
      />
      <Section
        id="event-request"
        title="Request"
        entries={[
          { label: "Method", value: code(event.requestMethod) },
          { label: "Path", value: code(event.requestPath) },
          { label: "Request id", value: code(event.requestId) },
          { label: "Client's request id", value: code(event.correlationId) },
          { label: "IP address", value: code(event.ipAddress) },
          { label: "User agent", value: code(event.userAgent) },
        ]}
      />
      <Card aria-labelledby="event-details">
        <CardHeader>
          <CardTitle id="event-details" as="h2">
            Details
          </CardTitle>
        </CardHeader>
        <CardContent>
          {event.details === null ? <p className="text-sm text-muted-foreground">No details recorded.</p> : <EventDetailsTable details={event.details} />}
        </CardContent>
      </Card>
      <Section
        id="event-chain"
        title="Hash chain"
        entries={[
          { label: "Previous hash", value: code(event.prevHash) },
          { label: "Hash", value: code(event.hash) },
        ]}
      />
    </div>
  );
}
