import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CONNECTION_FILTER_KEYS, ConnectionFilterForm, type ConnectionFilterValues } from "@/components/connections/connection-filter-form";
import { ConnectionsTable, type ConnectionRow } from "@/components/connections/connections-table";
import { EMR_TYPE_LABELS, KIND_LABELS } from "@/components/connections/labels";
import { searchParamsOf, type PageSearchParams } from "@/components/data-table/url-state";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { ConnectionListCriteria } from "@/lib/connections/criteria";
import { listConnections } from "@/lib/connections/queries";
import type { ConnectionListItem } from "@/lib/connections/schema";

export const metadata: Metadata = { title: "EMR connections" };

function listRow(connection: ConnectionListItem): ConnectionRow {
  const lastTest = connection.lastTestAt ? `${formatDateTime(connection.lastTestAt)} · ${connection.lastTestSuccess ? "passed" : "failed"}` : "Never";
  return {
    id: connection.id,
    name: connection.name,
    connectionId: connection.connectionId,
    emrType: EMR_TYPE_LABELS[connection.emrType],
    kind: KIND_LABELS[connection.kind],
    isActive: connection.isActive,
    isConnected: connection.isConnected,
    lastTestAt: connection.lastTestAt?.toISOString() ?? null,
    lastTest,
    messagesLastHour: connection.messagesLastHour,
    errorRate: connection.errorRate === null ? "—" : `${(connection.errorRate * 100).toFixed(1)} %`,
  };
}

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await requirePagePermission("connections:read");
  const raw = await searchParams;
  const filterParams = searchParamsOf(raw, CONNECTION_FILTER_KEYS);
  const filterValues: ConnectionFilterValues = Object.fromEntries(filterParams);
  const parsed = ConnectionListCriteria.safeParse(searchParamsOf(raw));
  const criteria = parsed.success ? parsed.data : ConnectionListCriteria.parse({});
  const connections = await listConnections(ctx, criteria);
  const manage = can(ctx.role, "connections:manage");

  return (
    <div className="flex flex-col gap-10">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title="EMR connections" description="The EMRs Meridian talks to: FHIR APIs it calls, HL7 feeds it receives and destinations it sends to." />
        {manage && (
          <Link href="/connections/new" className={buttonVariants()}>
            <Plus aria-hidden="true" />
            Add connection
          </Link>
        )}
      </div>
      <PageSection id="connection-list" title="All connections">
        <ConnectionFilterForm key={`filters?${filterParams.toString()}`} values={filterValues} />
        {!parsed.success && <Alert variant="warning">Some filters in the address were not valid and were ignored.</Alert>}
        <ConnectionsTable
          rows={connections.data.map(listRow)}
          total={connections.total}
          page={connections.page}
          pageSize={connections.pageSize}
          sort={{ field: criteria.sort ?? "name", dir: criteria.dir }}
          emptyState={
            filterParams.size > 0 ? (
              <p className="text-sm">
                No connections match these filters.{" "}
                <Link href="/connections" className="font-medium text-primary underline underline-offset-4">
                  Clear filters
                </Link>
              </p>
            ) : (
              <p className="text-sm">No EMR connections yet.{manage && " Add the first one: a FHIR API, an HL7 feed or an HL7 destination."}</p>
            )
          }
        />
      </PageSection>
    </div>
  );
}
