import type { Metadata } from "next";
import { revokeSession } from "@/app/(app)/admin/sessions/actions";
import { SessionsTable } from "@/components/admin/sessions-table";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { listActiveSessions, SESSION_LIST_LIMIT } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const ctx = await requirePagePermission("users:manage");
  const { data: sessions, truncated } = await listActiveSessions(ctx);

  return (
    <div className="flex flex-col gap-10">
      <PageHeader
        title="Sessions"
        description="Everyone signed in right now. Revoking a session signs it out at its next request; idle sessions end on their own."
      />
      <PageSection id="active-sessions" title="Active sessions">
        {sessions.length === 0 ? (
          <p className="text-sm text-muted-foreground" role="status">
            No active sessions.
          </p>
        ) : (
          <>
            <SessionsTable sessions={sessions} currentSessionId={ctx.sessionId} revokeSession={revokeSession} />
            <p className="text-sm text-muted-foreground" role="status">
              {truncated
                ? `Showing the ${SESSION_LIST_LIMIT} most recently active sessions.`
                : `${sessions.length} active ${sessions.length === 1 ? "session" : "sessions"}.`}
            </p>
          </>
        )}
      </PageSection>
    </div>
  );
}
