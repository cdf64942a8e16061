import type { Metadata, Route } from "next";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { Pagination } from "@/components/admin/pagination";
import { UserSearchForm } from "@/components/admin/user-search-form";
import { UsersTable } from "@/components/admin/users-table";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { listUsers } from "@/lib/users/queries";
import { UserListCriteria } from "@/lib/users/schema";

export const metadata: Metadata = { title: "Users" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requirePagePermission("users:manage");
  const parsed = UserListCriteria.safeParse(await searchParams);
  // A hand-edited URL with a bad filter shows the whole list, and says so, rather than an error page.
  const criteria = parsed.success ? parsed.data : UserListCriteria.parse({});
  const users = await listUsers(ctx, criteria);

  const hrefFor = (page: number): Route => {
    const params = new URLSearchParams();
    if (criteria.q) params.set("q", criteria.q);
    if (criteria.role) params.set("role", criteria.role);
    if (criteria.status) params.set("status", criteria.status);
    params.set("page", String(page));
    return `/admin/users?${params.toString()}`;
  };

  return (
    <div className="flex flex-col gap-10">
      <PageHeader title="Users" description="Accounts that sign in to Meridian: roles, status and sign-in lockouts." />
      <PageSection id="user-list" title="All users">
        <UserSearchForm values={criteria} />
        {!parsed.success && <Alert variant="warning">Some filters in the address were not valid and were ignored.</Alert>}
        {users.items.length > 0 && <UsersTable users={users.items} />}
        <Pagination page={users.page} pageSize={users.pageSize} total={users.total} hrefFor={hrefFor} noun="users" />
      </PageSection>
      <PageSection id="create-user" title="Create a user">
        <Card>
          <CardContent className="pt-5">
            <CreateUserForm />
          </CardContent>
        </Card>
      </PageSection>
    </div>
  );
}
