import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { revokeSession } from "@/app/(app)/admin/sessions/actions";
import { changeRole, deactivateUser, reactivateUser, resetPassword } from "@/app/(app)/admin/users/actions";
import { ChangeRoleForm } from "@/components/admin/change-role-form";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { ResetPasswordForm } from "@/components/admin/reset-password-form";
import { SessionsTable } from "@/components/admin/sessions-table";
import { AccountStatusBadge, LockedBadge } from "@/components/admin/status-badges";
import { StatList } from "@/components/dashboard/stat-list";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { orNotFound } from "@/lib/http/or-not-found";
import { getUser } from "@/lib/users/queries";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const ctx = await requirePagePermission("users:manage");
  const user = await orNotFound(getUser(ctx, (await params).userId));
  const isSelf = ctx.actor.id === user.id;

  return (
    <div className="flex flex-col gap-10">
      <div className="flex flex-col gap-3">
        <Link href="/admin/users" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden="true" className="size-4" />
          All users
        </Link>
        <PageHeader title={user.name} description={user.email} />
      </div>

      <PageSection id="account" title="Account">
        {!user.active && <Alert variant="warning">This account is deactivated: its sign-ins are refused.</Alert>}
        <Card>
          <CardContent className="pt-5">
            <StatList
              stats={[
                { label: "Role", value: ROLE_LABELS[user.role] },
                {
                  label: "Status",
                  value: (
                    <span className="inline-flex gap-1">
                      <AccountStatusBadge active={user.active} />
                      {user.locked && <LockedBadge />}
                    </span>
                  ),
                },
                { label: "Last sign-in", value: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Never" },
                { label: "Failed sign-ins since the last success", value: user.failedLoginCount },
                ...(user.locked ? [{ label: "Locked until", value: formatDateTime(user.lockedUntil) }] : []),
                { label: "Created", value: formatDateTime(user.createdAt) },
                { label: "Last changed", value: formatDateTime(user.updatedAt) },
              ]}
            />
          </CardContent>
        </Card>
      </PageSection>

      <PageSection id="manage" title="Manage">
        {isSelf && <Alert>This is your own account: another administrator must change its role or deactivate it.</Alert>}
        <div className="grid gap-4 md:grid-cols-2">
          {!isSelf && (
            <Card>
              <CardHeader>
                <CardTitle as="h3">Role</CardTitle>
                <CardDescription>What the user may see and do.</CardDescription>
              </CardHeader>
              <CardContent>
                <ChangeRoleForm userId={user.id} role={user.role} changeRole={changeRole} />
              </CardContent>
            </Card>
          )}
          <Card>
            <CardHeader>
              <CardTitle as="h3">Password</CardTitle>
              <CardDescription>Set a new password when the user has forgotten theirs or is locked out.</CardDescription>
            </CardHeader>
            <CardContent>
              <ResetPasswordForm userId={user.id} resetPassword={resetPassword} />
            </CardContent>
          </Card>
          {!isSelf && (
            <Card>
              <CardHeader>
                <CardTitle as="h3">Access</CardTitle>
                <CardDescription>
                  {user.active
                    ? "Deactivating refuses the user's sign-ins and signs them out everywhere. The account and its audit history stay."
                    : "Reactivating lets the user sign in again with their current password."}
                </CardDescription>
              </CardHeader>
              <CardContent>
                {user.active ? (
                  <ConfirmAction
                    action={deactivateUser}
                    fields={{ userId: user.id }}
                    label="Deactivate"
                    srContext={` ${user.name}`}
                    question={`Deactivate ${user.name}?`}
                    pendingLabel="Deactivating…"
                    success="Account deactivated."
                    errorLabel="Deactivate error"
                    variant="destructive"
                  />
                ) : (
                  <ConfirmAction
                    action={reactivateUser}
                    fields={{ userId: user.id }}
                    label="Reactivate"
                    srContext={` ${user.name}`}
                    pendingLabel="Reactivating…"
                    success="Account reactivated."
                    errorLabel="Reactivate error"
                  />
                )}
              </CardContent>
            </Card>
          )}
        </div>
      </PageSection>

      <PageSection id="sessions" title="Active sessions">
        {user.sessions.length === 0 ? (
          <p className="text-sm text-muted-foreground" role="status">
            No active sessions.
          </p>
        ) : (
          <SessionsTable sessions={user.sessions} currentSessionId={ctx.sessionId} showUser={false} revokeSession={revokeSession} />
        )}
      </PageSection>
    </div>
  );
}
