import type { ReactNode } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { UrlFilterForm } from "@/components/data-table/url-filter-form";
import { humanize } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { AUDIT_EVENT_TYPES, AUDIT_FILTER_KEYS } from "@/lib/audit/criteria";
import { DATA_CATEGORIES } from "@/lib/audit/events";
import { AuditActionEnum, AuditStatusEnum } from "@/lib/audit/schema";

type FilterKey = (typeof AUDIT_FILTER_KEYS)[number];

/** The filter's current values as the URL has them (strings, even invalid ones, so they can be corrected). */
export type AuditFilterValues = Partial<Record<FilterKey, string>>;

function Field({ name, label, children }: { name: FilterKey; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`filter-${name}`}>{label}</Label>
      {children}
    </div>
  );
}

function TextFilter({ name, label, values, type = "text", placeholder }: { name: FilterKey; label: string; values: AuditFilterValues; type?: string; placeholder?: string }) {
  return (
    <Field name={name} label={label}>
      <Input id={`filter-${name}`} name={name} type={type} defaultValue={values[name] ?? ""} placeholder={placeholder} autoComplete="off" />
    </Field>
  );
}

function SelectFilter({ name, label, values, options }: { name: FilterKey; label: string; values: AuditFilterValues; options: readonly string[] }) {
  return (
    <Field name={name} label={label}>
      <NativeSelect id={`filter-${name}`} name={name} defaultValue={values[name] ?? ""}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option.includes(".") ? option : humanize(option)}
          </option>
        ))}
      </NativeSelect>
    </Field>
  );
}

/** The audit log's filters; state lives in the URL (see UrlFilterForm). */
export function AuditFilters({ values }: { values: AuditFilterValues }) {
  return (
    <UrlFilterForm filterKeys={AUDIT_FILTER_KEYS} label="Filter audit events">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextFilter name="from" label="From (UTC date)" type="date" values={values} />
        <TextFilter name="to" label="To (UTC date)" type="date" values={values} />
        <TextFilter name="user" label="User" placeholder="Name, e-mail or id" values={values} />
        <TextFilter name="mrn" label="Patient MRN" values={values} />
        <SelectFilter name="eventType" label="Event type" options={AUDIT_EVENT_TYPES} values={values} />
        <SelectFilter name="action" label="Action" options={AuditActionEnum.options} values={values} />
        <SelectFilter name="status" label="Outcome" options={AuditStatusEnum.options} values={values} />
        <SelectFilter name="dataCategory" label="Data category" options={DATA_CATEGORIES} values={values} />
        <TextFilter name="resourceType" label="Resource type" placeholder="e.g. patient" values={values} />
        <TextFilter name="resourceId" label="Resource id" values={values} />
        <TextFilter name="requestId" label="Request id" values={values} />
      </div>
    </UrlFilterForm>
  );
}
