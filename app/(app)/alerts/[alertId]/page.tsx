import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { acknowledgeAlertAction, assignAlertAction, reopenAlertAction, resolveAlertAction } from "@/app/(app)/alerts/actions";
import { AlertStatusBadge, SeverityBadge } from "@/components/alerts/alert-badges";
import { AlertWorkflow } from "@/components/alerts/alert-workflow";
import { LinkedEvents } from "@/components/alerts/linked-events";
import { utcDateTime } from "@/components/audit/format";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Card, CardContent } from "@/components/ui/card";
import { DescriptionItem } from "@/components/ui/description-item";
import { formatNumber } from "@/components/ui/format";
import { getAlert, listAlertAssignees } from "@/lib/alerts/queries";
import type { AlertDetail } from "@/lib/alerts/schema";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { orNotFound } from "@/lib/http/or-not-found";

export const metadata: Metadata = { title: "Security alert" };

const link = "font-medium text-primary underline-offset-4 hover:underline";

function SubjectItems({ alert }: { alert: AlertDetail }) {
  return (
    <>
      {(alert.username ?? alert.userId) && (
        <DescriptionItem term="User">
          <Link href={`/audit?user=${encodeURIComponent(alert.username ?? alert.userId ?? "")}`} className={link}>
            {alert.username ?? alert.userId}
          </Link>
        </DescriptionItem>
      )}
      {alert.apiKeyId && <DescriptionItem term="API key">{alert.apiKeyId}</DescriptionItem>}
      {alert.ipAddress && <DescriptionItem term="Client address">{alert.ipAddress}</DescriptionItem>}
      {alert.connectionId && (
        <DescriptionItem term="Connection">
          <Link href={`/connections/${alert.connectionId}`} className={link}>
            {alert.connectionId}
          </Link>
        </DescriptionItem>
      )}
      {alert.patientId && (
        <DescriptionItem term="Patient">
          <Link href={`/patients/${alert.patientId}`} className={link}>
            Open the chart
          </Link>
        </DescriptionItem>
      )}
    </>
  );
}

function Lifecycle({ alert }: { alert: AlertDetail }) {
  return (
    <>
      <DescriptionItem term="First seen (UTC)">{utcDateTime(alert.firstSeenAt)}</DescriptionItem>
      <DescriptionItem term="Last seen (UTC)">{utcDateTime(alert.lastSeenAt)}</DescriptionItem>
      <DescriptionItem term="Seen">
        {formatNumber(alert.count)} {alert.count === 1 ? "time" : "times"}, {formatNumber(alert.eventCount)} audit {alert.eventCount === 1 ? "event" : "events"}
      </DescriptionItem>
      <DescriptionItem term="Assigned to">{alert.assigneeName ?? "No one"}</DescriptionItem>
      {alert.acknowledgedAt && <DescriptionItem term="Acknowledged (UTC)">{`${utcDateTime(alert.acknowledgedAt)} by user ${alert.acknowledgedBy ?? "?"}`}</DescriptionItem>}
      {alert.resolvedAt && <DescriptionItem term="Resolved (UTC)">{`${utcDateTime(alert.resolvedAt)} by user ${alert.resolvedBy ?? "?"}`}</DescriptionItem>}
    </>
  );
}

export default async function AlertPage({ params }: { params: Promise<{ alertId: string }> }) {
  const ctx = await requirePagePermission("alerts:read");
  const { alertId } = await params;
  const alert = await orNotFound(getAlert(ctx, alertId));
  const manage = can(ctx.role, "alerts:manage");
  const assignees = manage ? await listAlertAssignees(ctx) : [];

  return (
    <div className="flex flex-col gap-10">
      <Link href="/alerts" className="flex items-center gap-1 text-sm text-primary underline-offset-4 hover:underline">
        <ArrowLeft aria-hidden="true" className="size-4" />
        All alerts
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title={alert.title} description={`${alert.ruleTitle} · ${alert.summary}`} />
        <div className="flex gap-2">
          <SeverityBadge severity={alert.severity} />
          <AlertStatusBadge status={alert.status} />
        </div>
      </div>

      <Card>
        <CardContent className="pt-6">
          <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <SubjectItems alert={alert} />
            <Lifecycle alert={alert} />
          </dl>
        </CardContent>
      </Card>

      {alert.resolutionNote && (
        <PageSection id="resolution" title="Resolution">
          <p className="text-sm whitespace-pre-wrap">{alert.resolutionNote}</p>
        </PageSection>
      )}

      {manage && (
        <PageSection id="workflow" title="Work on this alert">
          <AlertWorkflow
            alertId={alert.id}
            status={alert.status}
            assigneeId={alert.assigneeId}
            assignees={assignees}
            actions={{ acknowledge: acknowledgeAlertAction, assign: assignAlertAction, resolve: resolveAlertAction, reopen: reopenAlertAction }}
          />
        </PageSection>
      )}

      <PageSection id="events" title="Audit events that raised it">
        {alert.events.length > 0 ? (
          <LinkedEvents events={alert.events} />
        ) : (
          <p className="text-sm text-muted-foreground">No audit events are linked (the rule looks at state, such as the tests of a connection).</p>
        )}
        {alert.eventCount > alert.events.length && (
          <p className="text-xs text-muted-foreground">
            The newest {alert.events.length} of {formatNumber(alert.eventCount)} events are kept with the alert.
          </p>
        )}
        <Link href={`/audit?resourceType=alert&resourceId=${alert.id}`} className={`text-sm ${link}`}>
          Who viewed and changed this alert
        </Link>
      </PageSection>
    </div>
  );
}
