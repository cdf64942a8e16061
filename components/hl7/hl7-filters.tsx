import type { ReactNode } from "react";
import { UrlFilterForm } from "@/components/data-table/url-filter-form";
import { humanize } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { HL7_FILTER_KEYS } from "@/lib/hl7/store/criteria";
import { HL7DirectionEnum, HL7StatusEnum } from "@/lib/shared-schema/enums";

type FilterKey = (typeof HL7_FILTER_KEYS)[number];

/** The filter's values as the URL has them (strings, even invalid ones, so they can be corrected). */
export type Hl7FilterValues = Partial<Record<FilterKey, string>>;

/** Types and events Meridian applies (and the ACKs it sends), offered while typing; any other value may be typed. */
const MESSAGE_TYPES = ["ADT", "ORU", "RDE", "RDS", "RAS", "OMP", "ACK"];
const EVENTS = ["A01", "A03", "A04", "A05", "A08", "A28", "A31", "A40", "R01", "O01", "O11", "O13", "O17"];
const STATUS_LABELS: Record<string, string> = { error: "Failed" };

function Field({ name, label, children, hint }: { name: FilterKey; label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`hl7-filter-${name}`}>{label}</Label>
      {children}
      {hint && (
        <p id={`hl7-filter-${name}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
    </div>
  );
}

function TextFilter({ name, label, values, type = "text", list, hint }: { name: FilterKey; label: string; values: Hl7FilterValues; type?: string; list?: string; hint?: string }) {
  return (
    <Field name={name} label={label} hint={hint}>
      <Input
        id={`hl7-filter-${name}`}
        name={name}
        type={type}
        list={list}
        defaultValue={values[name] ?? ""}
        autoComplete="off"
        aria-describedby={hint ? `hl7-filter-${name}-hint` : undefined}
      />
    </Field>
  );
}

function SelectFilter({ name, label, values, options }: { name: FilterKey; label: string; values: Hl7FilterValues; options: readonly string[] }) {
  return (
    <Field name={name} label={label}>
      <NativeSelect id={`hl7-filter-${name}`} name={name} defaultValue={values[name] ?? ""}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {STATUS_LABELS[option] ?? humanize(option)}
          </option>
        ))}
      </NativeSelect>
    </Field>
  );
}

/** The message store's filters: each one an exact match served by an index; the state lives in the URL. */
export function Hl7Filters({ values }: { values: Hl7FilterValues }) {
  return (
    <UrlFilterForm filterKeys={HL7_FILTER_KEYS} label="Filter HL7 messages">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <SelectFilter name="status" label="Status" options={HL7StatusEnum.options} values={values} />
        <SelectFilter name="direction" label="Direction" options={HL7DirectionEnum.options} values={values} />
        <TextFilter name="messageType" label="Message type" list="hl7-message-types" values={values} />
        <TextFilter name="event" label="Event" list="hl7-events" values={values} />
        <TextFilter name="controlId" label="Control id" values={values} />
        <TextFilter name="sendingApplication" label="Sending application" values={values} />
        <TextFilter name="sendingFacility" label="Sending facility" values={values} />
        <TextFilter name="mrn" label="Patient MRN" hint="Or any of the patient's identifiers" values={values} />
        <TextFilter name="from" label="Received from (UTC date)" type="date" values={values} />
        <TextFilter name="to" label="Received to (UTC date)" type="date" values={values} />
      </div>
      <datalist id="hl7-message-types">
        {MESSAGE_TYPES.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      <datalist id="hl7-events">
        {EVENTS.map((event) => (
          <option key={event} value={event} />
        ))}
      </datalist>
    </UrlFilterForm>
  );
}
