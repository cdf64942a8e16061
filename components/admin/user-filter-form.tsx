import { UrlFilterForm } from "@/components/data-table/url-filter-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

/** The URL parameters the user filters own (the data table owns sort, dir, page and pageSize). */
export const USER_FILTER_KEYS = ["q", "role", "status"] as const;

export type UserFilterValues = Partial<Record<(typeof USER_FILTER_KEYS)[number], string>>;

/** The user list's filters; they live in the URL, so a filtered, sorted list can be bookmarked and shared. */
export function UserFilterForm({ values }: { values: UserFilterValues }) {
  return (
    <UrlFilterForm filterKeys={USER_FILTER_KEYS} label="User search">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex min-w-56 flex-1 flex-col gap-2">
          <Label htmlFor="user-search">Name or email</Label>
          <Input id="user-search" name="q" type="search" defaultValue={values.q} autoComplete="off" spellCheck={false} />
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
      </div>
    </UrlFilterForm>
  );
}
