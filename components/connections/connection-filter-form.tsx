import { EMR_TYPE_LABELS, KIND_LABELS } from "@/components/connections/labels";
import { UrlFilterForm } from "@/components/data-table/url-filter-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

/** The URL parameters the filters own (the data table owns sort, dir, page and pageSize). */
export const CONNECTION_FILTER_KEYS = ["q", "status", "kind", "emrType"] as const;

export type ConnectionFilterValues = Partial<Record<(typeof CONNECTION_FILTER_KEYS)[number], string>>;

export function ConnectionFilterForm({ values }: { values: ConnectionFilterValues }) {
  return (
    <UrlFilterForm filterKeys={CONNECTION_FILTER_KEYS} label="Connection search">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex min-w-56 flex-1 flex-col gap-2">
          <Label htmlFor="connection-search">Name or connection id</Label>
          <Input id="connection-search" name="q" type="search" defaultValue={values.q} autoComplete="off" spellCheck={false} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="connection-status-filter">Status</Label>
          <NativeSelect id="connection-status-filter" name="status" defaultValue={values.status ?? ""} className="w-40">
            <option value="">Any status</option>
            <option value="connected">Connected</option>
            <option value="down">Down</option>
            <option value="untested">Not tested</option>
            <option value="active">Active</option>
            <option value="inactive">Deactivated</option>
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="connection-kind-filter">Endpoint</Label>
          <NativeSelect id="connection-kind-filter" name="kind" defaultValue={values.kind ?? ""} className="w-48">
            <option value="">Any endpoint</option>
            {Object.entries(KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="connection-type-filter">EMR type</Label>
          <NativeSelect id="connection-type-filter" name="emrType" defaultValue={values.emrType ?? ""} className="w-44">
            <option value="">Any EMR</option>
            {Object.entries(EMR_TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
    </UrlFilterForm>
  );
}
