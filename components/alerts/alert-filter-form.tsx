import { UrlFilterForm } from "@/components/data-table/url-filter-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { ALERT_RULES, ALERT_SEVERITIES } from "@/lib/alerts/rules";
import { ALERT_STATUSES } from "@/lib/alerts/schema";

/** The URL parameters the filters own (the data table owns sort, dir, page and pageSize). */
export const ALERT_FILTER_KEYS = ["status", "severity", "rule", "assignee", "userId", "patientId", "from", "to"] as const;

export type AlertFilterValues = Partial<Record<(typeof ALERT_FILTER_KEYS)[number], string>>;

const capitalized = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

export function AlertFilterForm({ values, assignees }: { values: AlertFilterValues; assignees: { id: string; name: string }[] }) {
  return (
    <UrlFilterForm filterKeys={ALERT_FILTER_KEYS} label="Alert filters">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-status-filter">Status</Label>
          <NativeSelect id="alert-status-filter" name="status" defaultValue={values.status ?? ""}>
            <option value="">Any status</option>
            <option value="unresolved">Unresolved (open or acknowledged)</option>
            {ALERT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {capitalized(status)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-severity-filter">Severity</Label>
          <NativeSelect id="alert-severity-filter" name="severity" defaultValue={values.severity ?? ""}>
            <option value="">Any severity</option>
            {ALERT_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {capitalized(severity)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-rule-filter">Rule</Label>
          <NativeSelect id="alert-rule-filter" name="rule" defaultValue={values.rule ?? ""}>
            <option value="">Any rule</option>
            {Object.entries(ALERT_RULES).map(([key, rule]) => (
              <option key={key} value={key}>
                {rule.title}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-assignee-filter">Assigned to</Label>
          <NativeSelect id="alert-assignee-filter" name="assignee" defaultValue={values.assignee ?? ""}>
            <option value="">Anyone or no one</option>
            <option value="unassigned">No one</option>
            {assignees.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-user-filter">User or API key id</Label>
          <Input id="alert-user-filter" name="userId" defaultValue={values.userId} autoComplete="off" spellCheck={false} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-patient-filter">Patient id</Label>
          <Input id="alert-patient-filter" name="patientId" defaultValue={values.patientId} autoComplete="off" spellCheck={false} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-from-filter">Seen from (UTC)</Label>
          <Input id="alert-from-filter" name="from" type="date" defaultValue={values.from} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="alert-to-filter">Seen until (UTC)</Label>
          <Input id="alert-to-filter" name="to" type="date" defaultValue={values.to} />
        </div>
      </div>
    </UrlFilterForm>
  );
}
