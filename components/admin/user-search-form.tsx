import { Search } from "lucide-react";
import { NativeSelect } from "@/components/ui/native-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

export interface UserSearchValues {
  q?: string;
  role?: Role;
  status?: "active" | "inactive";
}

/** A plain GET form: the filters live in the URL, so a filtered list can be bookmarked and shared. */
export function UserSearchForm({ values }: { values: UserSearchValues }) {
  return (
    <form role="search" aria-label="Users" method="get" action="/admin/users" className="flex flex-wrap items-end gap-3">
      <div className="flex min-w-56 flex-1 flex-col gap-2">
        <Label htmlFor="user-search">Name or email</Label>
        <Input id="user-search" name="q" type="search" defaultValue={values.q ?? ""} autoComplete="off" />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="user-role-filter">Role</Label>
        <NativeSelect id="user-role-filter" name="role" defaultValue={values.role ?? ""} className="w-44">
          <option value="">Any role</option>
          {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="user-status-filter">Status</Label>
        <NativeSelect id="user-status-filter" name="status" defaultValue={values.status ?? ""} className="w-40">
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="inactive">Deactivated</option>
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline">
        <Search aria-hidden="true" />
        Search
      </Button>
    </form>
  );
}
