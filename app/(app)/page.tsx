import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { reviewEmergencyAccess } from "@/app/(app)/actions";
import { verifyAuditChainAction } from "@/app/(app)/audit/actions";
import { VerifyChainPanel } from "@/components/audit/verify-chain-panel";
import { DashboardSkeleton, HomeSkeleton } from "@/components/dashboard/dashboard-skeleton";
import { EmergencyReviewQueue } from "@/components/dashboard/emergency-review-queue";
import { PatientQuickSearch } from "@/components/dashboard/patient-quick-search";
import { RecentChartsTable } from "@/components/dashboard/recent-charts-table";
import { RecentDenialsTable } from "@/components/dashboard/recent-denials-table";
import { SystemOverviewSections } from "@/components/dashboard/system-overview";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { auditDenial, type AuthContext } from "@/lib/auth/assert";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { recentCharts } from "@/lib/patients/recent-charts";
import { DENIAL_DAYS, reviewQueue } from "@/lib/review/queue";
import { systemOverview } from "@/lib/stats/queries";

export const metadata: Metadata = { title: "Home" };

interface Home {
  /** What the page shows needs this; its data functions check it again. */
  permission: Permission;
  Page: (props: { ctx: AuthContext }) => ReactNode;
}

/**
 * Each role lands on its own work: a clinician on patient search and their recently opened charts, a compliance
 * officer on what needs review, an administrator on the system's health (infrastructure figures, dashboards:read).
 * Integration accounts work through API keys and have no home page.
 */
const HOME_OF: Record<Role, Home | null> = {
  clinician: { permission: "patients:read", Page: ClinicianHome },
  compliance: { permission: "audit:read", Page: ComplianceHome },
  admin: { permission: "dashboards:read", Page: AdminHome },
  integration: null,
};

export default async function HomePage() {
  // The layout checks too, but a page must not rely on its layout: both render in parallel.
  const ctx = await requirePagePermission(null);
  const home = HOME_OF[ctx.role];
  if (!home || !can(ctx.role, home.permission)) {
    await auditDenial(ctx.actor, ctx.request, home?.permission ?? null, 403);
    forbidden();
  }
  return <home.Page ctx={ctx} />;
}

function ClinicianHome({ ctx }: { ctx: AuthContext }) {
  return (
    <div className="flex flex-col gap-10">
      <PageHeader title="Home" description={`Signed in as ${ctx.actor.name}. Find a patient, or go back to a chart you opened recently.`} />
      <PageSection id="find-patient" title="Find a patient">
        <PatientQuickSearch />
      </PageSection>
      <PageSection id="recent-charts" title="Recently opened charts">
        <Suspense fallback={<HomeSkeleton rows={5} />}>
          <RecentCharts ctx={ctx} />
        </Suspense>
      </PageSection>
    </div>
  );
}

/** Streams in: it reads the audit trail (and writes the listing's own audit row). */
async function RecentCharts({ ctx }: { ctx: AuthContext }) {
  return <RecentChartsTable charts={await recentCharts(ctx)} />;
}

function ComplianceHome({ ctx }: { ctx: AuthContext }) {
  return (
    <div className="flex flex-col gap-10">
      <PageHeader title="Review" description={`Signed in as ${ctx.actor.name}. What needs a compliance officer's attention.`} />
      <Suspense fallback={<HomeSkeleton rows={8} />}>
        <ReviewQueueSections ctx={ctx} />
      </Suspense>
    </div>
  );
}

const moreLink = "font-medium text-primary underline underline-offset-4";

async function ReviewQueueSections({ ctx }: { ctx: AuthContext }) {
  const queue = await reviewQueue(ctx);
  const { emergencyAccesses, denials } = queue;
  return (
    <>
      <PageSection id="emergency-review" title="Emergency accesses awaiting review">
        <p className="text-sm text-muted-foreground">
          {emergencyAccesses.total === 0
            ? "None awaiting review."
            : `${formatNumber(emergencyAccesses.total)} awaiting review${emergencyAccesses.total > emergencyAccesses.data.length ? `; the ${emergencyAccesses.data.length} waiting longest are shown` : ""}. `}
          <Link href="/audit?action=patient.emergency_access" className={moreLink}>
            Every emergency access in the audit log
          </Link>
        </p>
        <EmergencyReviewQueue
          rows={emergencyAccesses.data.map((grant) => ({
            grantId: grant.grantId,
            grantedAt: formatDateTime(grant.grantedAt),
            expiresAt: formatDateTime(grant.expiresAt),
            reason: grant.reason,
            userName: grant.userName,
            patientId: grant.patientId,
            patientMrn: grant.patientMrn,
          }))}
          review={can(ctx.role, "emergency_access:review") ? reviewEmergencyAccess : undefined}
        />
      </PageSection>
      <PageSection id="recent-denials" title="Recent refusals">
        <p className="text-sm text-muted-foreground">
          {denials.total === 0
            ? `No refused requests in the last ${DENIAL_DAYS} days. `
            : `${formatNumber(denials.total)}${denials.totalIsCapped ? "+" : ""} refused ${denials.total === 1 ? "request" : "requests"} in the last ${DENIAL_DAYS} days; the newest are shown. `}
          <Link href="/audit?status=denied" className={moreLink}>
            All refusals in the audit log
          </Link>
        </p>
        {denials.data.length > 0 && <RecentDenialsTable denials={denials.data} />}
      </PageSection>
      <VerifyChainPanel latest={queue.latestVerification} verify={can(ctx.role, "audit:verify") ? verifyAuditChainAction : undefined} />
    </>
  );
}

function AdminHome({ ctx }: { ctx: AuthContext }) {
  return (
    <div className="flex flex-col gap-10">
      <PageHeader title="Overview" description={`Signed in as ${ctx.actor.name}. Record totals and the state of the services behind Meridian.`} />
      <Suspense fallback={<DashboardSkeleton />}>
        <SystemOverview ctx={ctx} />
      </Suspense>
    </div>
  );
}

/** Streams in: counts and health checks wait on PostgreSQL and Redis, which may be slow or down. */
async function SystemOverview({ ctx }: { ctx: AuthContext }) {
  return <SystemOverviewSections overview={await systemOverview(ctx)} />;
}
