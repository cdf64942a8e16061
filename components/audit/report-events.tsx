import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { rememberedAuditColumns } from "@/components/audit/remembered-columns";
import { PageSection } from "@/components/shell/page-section";
import type { AuditEventPage } from "@/lib/audit/types";

interface ReportEventsProps {
  id: string;
  /** Names the table, e.g. "Events for this patient". */
  label: string;
  /** Said when the report has no events. */
  empty: string;
  events: AuditEventPage;
  /** The reviewer, whose remembered columns the table shows. */
  userId: string;
}

/** A report's own events, newest first, in the audit table with the reviewer's columns. */
export async function ReportEvents({ id, label, empty, events, userId }: ReportEventsProps) {
  return (
    <PageSection id={id} title="Events">
      <AuditEventsTable
        events={events}
        label={label}
        columns={await rememberedAuditColumns(userId)}
        emptyState={<p className="text-sm text-muted-foreground">{empty}</p>}
      />
    </PageSection>
  );
}
