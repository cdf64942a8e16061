import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditEventDetails } from "@/components/audit/audit-event-details";
import { PageHeader } from "@/components/shell/page-section";
import { Button } from "@/components/ui/button";
import { getAuditEvent } from "@/lib/audit/listing";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { orNotFound } from "@/lib/http/or-not-found";

export const metadata: Metadata = { title: "Audit event" };

export default async function AuditEventPage({ params }: { params: Promise<{ auditId: string }> }) {
  const ctx = await requirePagePermission("audit:read");
  const { auditId } = await params;
  const event = await orNotFound(getAuditEvent(ctx, auditId));

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Button asChild variant="ghost" size="sm" className="-ml-3">
          <Link href="/audit">
            <ArrowLeft aria-hidden="true" />
            Audit log
          </Link>
        </Button>
      </div>
      <PageHeader title={`Audit event #${event.id}`} description={`${event.action} · ${event.username ?? "no user"}`} />
      <nav aria-label="Related" className="flex flex-wrap gap-2">
        {event.requestId && (
          <Button asChild variant="outline" size="sm">
            <Link href={`/audit?requestId=${encodeURIComponent(event.requestId)}`}>Same request</Link>
          </Button>
        )}
        {event.userId && (
          <Button asChild variant="outline" size="sm">
            <Link href={`/audit/reports/user?userId=${encodeURIComponent(event.userId)}`}>What this user accessed</Link>
          </Button>
        )}
        {event.patientMrn && (
          <Button asChild variant="outline" size="sm">
            <Link href={`/audit/reports/patient?mrn=${encodeURIComponent(event.patientMrn)}`}>Who accessed this patient</Link>
          </Button>
        )}
      </nav>
      <AuditEventDetails event={event} />
    </div>
  );
}
