"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { AccountStatusBadge, LockedBadge } from "@/components/admin/status-badges";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumnHelper } from "@/components/data-table/features";
import type { TableQuery } from "@/components/data-table/url-state";

/** One row of the user list, formatted on the server. */
export interface UserListRow {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  locked: boolean;
  lastLoginAt: string;
}

const helper = dataTableColumnHelper<UserListRow>();

// Column ids are the server's sort keys (USER_SORT_FIELDS in lib/users/schema.ts): every column sorts.
const columns = helper.columns([
  helper.accessor("name", {
    header: "Name",
    cell: ({ row }) => (
      <Link href={`/admin/users/${row.original.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
        {row.original.name}
      </Link>
    ),
  }),
  helper.accessor("email", { header: "Email", meta: { cellClassName: "text-muted-foreground" } }),
  helper.accessor("role", { header: "Role" }),
  helper.accessor("active", {
    id: "status",
    header: "Status",
    cell: ({ row }) => (
      <span className="flex flex-wrap gap-1">
        <AccountStatusBadge active={row.original.active} />
        {row.original.locked && <LockedBadge />}
      </span>
    ),
  }),
  helper.accessor("lastLoginAt", { header: "Last sign-in", sortDescFirst: true, meta: { cellClassName: "whitespace-nowrap tabular-nums" } }),
]);

const getRowId = (row: UserListRow) => row.id;

interface UsersTableProps extends TableQuery {
  rows: UserListRow[];
  total: number;
  emptyState: ReactNode;
}

/** The user list in the shared data table: sorted and paged by the server, state in the URL. */
export function UsersTable({ rows, total, emptyState, page, pageSize, sort }: UsersTableProps) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      getRowId={getRowId}
      label="Users"
      noun="users"
      emptyState={emptyState}
      page={page}
      pageSize={pageSize}
      sort={sort}
    />
  );
}
