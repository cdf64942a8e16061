import type { Metadata, Route } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { InvalidCriteria } from "@/components/audit/invalid-criteria";
import { searchParamsOf, type PageSearchParams } from "@/components/data-table/url-state";
import { Hl7Filters, type Hl7FilterValues } from "@/components/hl7/hl7-filters";
import { Hl7MessagesTable } from "@/components/hl7/hl7-messages-table";
import { Hl7ListSkeleton } from "@/components/hl7/hl7-list-skeleton";
import { LiveCounts } from "@/components/hl7/live-counts";
import { ReprocessForm } from "@/components/hl7/reprocess-form";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { reprocessHl7MessagesAction } from "@/app/(app)/hl7/actions";
import type { AuthContext } from "@/lib/auth/assert";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { HL7_FILTER_KEYS, Hl7MessageSearchCriteria } from "@/lib/hl7/store/criteria";
import { hl7LiveCounts, listHl7Messages } from "@/lib/hl7/store/listing";

export const metadata: Metadata = { title: "HL7 messages" };

const SELECTION_FORM = "reprocess-selected";

export default async function Hl7MessagesPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  // Checked before anything streams, so a refusal is a real 403; the list streams in behind the skeleton.
  const ctx = await requirePagePermission("hl7:read");
  const raw = await searchParams;
  const filterParams = searchParamsOf(raw, HL7_FILTER_KEYS);
  const filterValues: Hl7FilterValues = Object.fromEntries(filterParams);
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="HL7 messages"
        description="Every HL7 v2 message received over MLLP or HTTP and every ACK sent, newest first. Times are UTC."
      />
      <LiveCounts counts={await hl7LiveCounts(ctx)} />
      <PageSection id="filters" title="Filters">
        {/* Keyed by the filters so the fields follow the URL on back and forward (prefixed: see the data table README). */}
        <Hl7Filters key={`filters?${filterParams.toString()}`} values={filterValues} />
      </PageSection>
      <Suspense key={`results?${searchParamsOf(raw).toString()}`} fallback={<Hl7ListSkeleton />}>
        <Hl7MessageResults ctx={ctx} params={searchParamsOf(raw)} filtered={filterParams.size > 0} />
      </Suspense>
    </div>
  );
}

async function Hl7MessageResults({ ctx, params, filtered }: { ctx: AuthContext; params: URLSearchParams; filtered: boolean }) {
  const criteria = Hl7MessageSearchCriteria.safeParse(params);
  if (!criteria.success) return <InvalidCriteria error={criteria.error} resetHref={"/hl7" as Route} />;
  const page = await listHl7Messages(ctx, criteria.data);
  const mayReprocess = can(ctx.role, "hl7:manage");
  const failed = page.data.filter((row) => row.direction === "inbound" && row.status === "error");
  return (
    <PageSection id="messages" title="Messages">
      {mayReprocess && (
        <div className="flex flex-col gap-1">
          <p className="text-sm text-muted-foreground">Tick failed messages below, once their cause is fixed, to apply them again.</p>
          <ReprocessForm
            action={reprocessHl7MessagesAction}
            id={SELECTION_FORM}
            label="Reprocess selected"
            names={Object.fromEntries(failed.map((row) => [row.id, row.controlId ?? row.id]))}
            disabled={failed.length === 0}
          />
        </div>
      )}
      <Hl7MessagesTable
        page={page}
        dir={criteria.data.dir}
        selectionForm={mayReprocess && failed.length > 0 ? SELECTION_FORM : undefined}
        emptyState={
          <div className="flex flex-col items-center gap-2 text-sm">
            <p className="font-medium">{filtered ? "No messages match these filters." : "No HL7 messages have been received yet."}</p>
            {filtered ? (
              <Link href="/hl7" className="font-medium text-primary underline underline-offset-4">
                Clear the filters
              </Link>
            ) : (
              <p className="text-muted-foreground">Point a sender at the MLLP port (2575 by default) or POST to /api/v1/hl7.</p>
            )}
          </div>
        }
      />
    </PageSection>
  );
}
