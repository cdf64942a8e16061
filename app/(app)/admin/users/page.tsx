import type { Metadata } from "next";
import Link from "next/link";
import { createUser } from "@/app/(app)/admin/users/actions";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { USER_FILTER_KEYS, UserFilterForm, type UserFilterValues } from "@/components/admin/user-filter-form";
import { UsersTable, type UserListRow } from "@/components/admin/users-table";
import { searchParamsOf, type PageSearchParams } from "@/components/data-table/url-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listUsers, type UserSummary } from "@/lib/users/queries";
import { UserListCriteria } from "@/lib/users/schema";

export const metadata: Metadata = { title: "Users" };

function listRow(user: UserSummary): UserListRow {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: ROLE_LABELS[user.role],
    active: user.active,
    locked: user.locked,
    lastLoginAt: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Never",
  };
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await requirePagePermission("users:manage");
  const raw = await searchParams;
  const filterParams = searchParamsOf(raw, USER_FILTER_KEYS);
  const filterValues: UserFilterValues = Object.fromEntries(filterParams);
  const parsed = UserListCriteria.safeParse(searchParamsOf(raw));
  // A hand-edited URL with a bad filter or sort shows the whole list, and says so, rather than an error page.
  const criteria = parsed.success ? parsed.data : UserListCriteria.parse({});
  const users = await listUsers(ctx, criteria);

  return (
    <div className="flex flex-col gap-10">
      <PageHeader title="Users" description="Accounts that sign in to Meridian: roles, status and sign-in lockouts." />
      <PageSection id="user-list" title="All users">
        {/* Keyed by the filters, so its fields follow the URL on back and forward. */}
        <UserFilterForm key={`filters?${filterParams.toString()}`} values={filterValues} />
        {!parsed.success && <Alert variant="warning">Some filters in the address were not valid and were ignored.</Alert>}
        <UsersTable
          rows={users.data.map(listRow)}
          total={users.total}
          page={users.page}
          pageSize={users.pageSize}
          sort={{ field: criteria.sort ?? "name", dir: criteria.dir }}
          emptyState={
            <p className="text-sm">
              No users match these filters.{" "}
              <Link href="/admin/users" className="font-medium text-primary underline underline-offset-4">
                Clear filters
              </Link>
            </p>
          }
        />
      </PageSection>
      <PageSection id="create-user" title="Create a user">
        <Card>
          <CardContent className="pt-5">
            <CreateUserForm createUser={createUser} />
          </CardContent>
        </Card>
      </PageSection>
    </div>
  );
}
