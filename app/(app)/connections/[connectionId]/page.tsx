import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { setConnectionActiveAction, testConnectionAction, updateConnectionAction } from "@/app/(app)/connections/actions";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { ConnectionForm } from "@/components/connections/connection-form";
import { HourlyStatisticsTable, TestHistoryTable } from "@/components/connections/connection-history";
import { ConnectionStatusBadge } from "@/components/connections/connection-status-badge";
import { AUTH_LABELS, EMR_TYPE_LABELS, KIND_LABELS, SECRET_LABELS } from "@/components/connections/labels";
import { TestConnectionButton } from "@/components/connections/test-connection-button";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Card, CardContent } from "@/components/ui/card";
import { DescriptionItem } from "@/components/ui/description-item";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import type { ConnectionEndpoint } from "@/lib/connections/endpoint";
import { DEFAULT_PROBE_TIMEOUT_MS } from "@/lib/connections/probe/types";
import { getConnection } from "@/lib/connections/queries";
import { orNotFound } from "@/lib/http/or-not-found";

export const metadata: Metadata = { title: "EMR connection" };

function EndpointItems({ endpoint }: { endpoint: ConnectionEndpoint }) {
  if (endpoint.kind === "mllp_inbound") {
    return (
      <>
        <DescriptionItem term="Sending application (MSH-3)">{endpoint.sendingApplication}</DescriptionItem>
        <DescriptionItem term="Sending facility (MSH-4)">{endpoint.sendingFacility || "Any"}</DescriptionItem>
        <DescriptionItem term="Client certificate (SHA-256)">{endpoint.clientCertificateSha256 || "None required"}</DescriptionItem>
      </>
    );
  }
  if (endpoint.kind === "mllp_outbound") {
    return (
      <>
        <DescriptionItem term="Host and port">{`${endpoint.host}:${endpoint.port}`}</DescriptionItem>
        <DescriptionItem term="TLS">{endpoint.tls ? "On (certificate verified)" : "Off"}</DescriptionItem>
      </>
    );
  }
  return (
    <>
      <DescriptionItem term="Base URL">{endpoint.baseUrl}</DescriptionItem>
      <DescriptionItem term="FHIR version">{endpoint.fhirVersion}</DescriptionItem>
      <DescriptionItem term="Authentication">{AUTH_LABELS[endpoint.auth.type]}</DescriptionItem>
      {"clientId" in endpoint.auth && <DescriptionItem term="Client id">{endpoint.auth.clientId}</DescriptionItem>}
      {"tokenUrl" in endpoint.auth && <DescriptionItem term="Token URL">{endpoint.auth.tokenUrl}</DescriptionItem>}
      {endpoint.auth.type === "basic" && <DescriptionItem term="User name">{endpoint.auth.username}</DescriptionItem>}
    </>
  );
}

export default async function ConnectionPage({ params }: { params: Promise<{ connectionId: string }> }) {
  const ctx = await requirePagePermission("connections:read");
  const { connectionId } = await params;
  const { connection, tests, hourly } = await orNotFound(getConnection(ctx, connectionId));
  const manage = can(ctx.role, "connections:manage");
  const secrets = connection.credentialNames.map((name) => SECRET_LABELS[name] ?? name).join(", ");
  const inbound = connection.endpoint.kind === "mllp_inbound";

  return (
    <div className="flex flex-col gap-10">
      <Link href="/connections" className="flex items-center gap-1 text-sm text-primary underline-offset-4 hover:underline">
        <ArrowLeft aria-hidden="true" className="size-4" />
        All connections
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title={connection.name} description={`${EMR_TYPE_LABELS[connection.emrType]} · ${KIND_LABELS[connection.endpoint.kind]} · ${connection.connectionId}`} />
        <ConnectionStatusBadge status={connection} />
      </div>

      <PageSection id="connection-settings" title="Settings and status">
        <Card>
          <CardContent className="pt-5">
            <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <EndpointItems endpoint={connection.endpoint} />
              <DescriptionItem term="Stored secrets">{secrets || "None"}</DescriptionItem>
              {connection.config.tenantId && <DescriptionItem term="Tenant id">{connection.config.tenantId}</DescriptionItem>}
              {connection.config.contact && <DescriptionItem term="Contact">{connection.config.contact}</DescriptionItem>}
              <DescriptionItem term="Test timeout">{`${formatNumber(connection.config.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS)} ms`}</DescriptionItem>
              <DescriptionItem term="Last test">{connection.lastTestAt ? `${formatDateTime(connection.lastTestAt)} · ${connection.lastTestMessage ?? ""}` : "Never"}</DescriptionItem>
              <DescriptionItem term="Last connected">{connection.lastConnectedAt ? formatDateTime(connection.lastConnectedAt) : "Never"}</DescriptionItem>
              <DescriptionItem term={inbound ? "Messages (all time)" : "Requests (all time)"}>{`${formatNumber(connection.totalRequests)} · ${formatNumber(connection.failedRequests)} failed`}</DescriptionItem>
              <DescriptionItem term="Average response time">{connection.avgResponseTimeMs === null ? "—" : `${Math.round(connection.avgResponseTimeMs)} ms`}</DescriptionItem>
            </dl>
          </CardContent>
        </Card>
        {manage && <TestConnectionButton connectionId={connection.id} test={testConnectionAction} />}
      </PageSection>

      <PageSection id="connection-tests" title="Test history">
        <TestHistoryTable tests={tests} />
      </PageSection>

      <PageSection id="connection-statistics" title={`${inbound ? "Messages" : "Requests"} per hour (last 24 hours)`}>
        <HourlyStatisticsTable hourly={hourly} noun={inbound ? "messages" : "requests"} />
      </PageSection>

      {manage && (
        <>
          <PageSection id="connection-edit" title="Edit connection">
            <Card>
              <CardContent className="pt-5">
                <ConnectionForm connection={connection} save={updateConnectionAction} />
              </CardContent>
            </Card>
          </PageSection>
          <PageSection id="connection-activation" title={connection.isActive ? "Deactivate" : "Reactivate"}>
            <p className="text-sm text-muted-foreground">
              {connection.isActive
                ? "A deactivated connection is kept with its history, but Meridian no longer tests it or attributes HL7 messages to it."
                : "Meridian will test this connection again and attribute its HL7 messages to it."}
            </p>
            <ConfirmAction
              action={setConnectionActiveAction}
              fields={{ id: connection.id, active: String(!connection.isActive) }}
              label={connection.isActive ? "Deactivate connection" : "Reactivate connection"}
              question={connection.isActive ? "Deactivate this connection?" : "Reactivate this connection?"}
              pendingLabel={connection.isActive ? "Deactivating…" : "Reactivating…"}
              success={connection.isActive ? "Connection deactivated." : "Connection reactivated."}
              errorLabel="Activation error"
              variant={connection.isActive ? "destructive" : "outline"}
            />
          </PageSection>
        </>
      )}
    </div>
  );
}
