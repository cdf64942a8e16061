import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { humanize } from "@/components/ui/format";
import { NativeSelect } from "@/components/ui/native-select";
import { UrlFilterForm } from "@/components/data-table/url-filter-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FieldErrors } from "@/lib/errors";
import { GenderEnum } from "@/lib/shared-schema/enums";

/** The URL parameters the patient filters own (the data table owns sort, dir, page and pageSize). */
export const PATIENT_FILTER_KEYS = ["name", "mrn", "mrnPrefix", "mrnAuthority", "birthDate", "gender", "sourceEmr", "includeMerged"] as const;

export type PatientFilterValues = Partial<Record<(typeof PATIENT_FILTER_KEYS)[number], string>>;

interface PatientSearchFormProps {
  /** The filters as the URL has them (strings, even invalid ones, so they can be corrected). */
  values: PatientFilterValues;
  /** Problems with those values (a hand-edited link, say), shown next to their fields. */
  errors?: FieldErrors;
}

/** The patient list's filters; Enter in any field applies them, and they live in the URL (see UrlFilterForm). */
export function PatientSearchForm({ values, errors = {} }: PatientSearchFormProps) {
  return (
    <UrlFilterForm filterKeys={PATIENT_FILTER_KEYS} label="Patient search" className="rounded-lg border bg-card p-4 shadow-xs">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <div className="flex flex-col gap-2 lg:col-span-2">
          <Label htmlFor="filter-name">Name</Label>
          <Input
            id="filter-name"
            name="name"
            type="search"
            defaultValue={values.name}
            autoComplete="off"
            spellCheck={false}
            placeholder="First and/or last name; typos are fine"
            {...fieldA11y("filter-name", errors.name)}
          />
          <FieldError id="filter-name" errors={errors.name} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="filter-mrn">MRN</Label>
          <Input
            id="filter-mrn"
            name="mrn"
            defaultValue={values.mrn}
            autoComplete="off"
            spellCheck={false}
            placeholder="Or any source's patient id"
            {...fieldA11y("filter-mrn", errors.mrn)}
          />
          <label className="flex items-center gap-2 text-xs text-muted-foreground">
            <input type="checkbox" name="mrnPrefix" value="true" defaultChecked={values.mrnPrefix === "true"} className="size-4 accent-primary" />
            MRN starts with
          </label>
          <FieldError id="filter-mrn" errors={errors.mrn} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="filter-birth-date">Birth date</Label>
          <Input id="filter-birth-date" name="birthDate" type="date" defaultValue={values.birthDate} {...fieldA11y("filter-birth-date", errors.birthDate)} />
          <FieldError id="filter-birth-date" errors={errors.birthDate} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="filter-gender">Gender</Label>
          <NativeSelect id="filter-gender" name="gender" defaultValue={values.gender ?? ""} {...fieldA11y("filter-gender", errors.gender)}>
            <option value="">Any</option>
            {GenderEnum.options.map((gender) => (
              <option key={gender} value={gender}>
                {humanize(gender)}
              </option>
            ))}
          </NativeSelect>
          <FieldError id="filter-gender" errors={errors.gender} />
        </div>
        <div className="flex flex-col gap-2 lg:col-span-2">
          <Label htmlFor="filter-source">Source EMR</Label>
          <Input
            id="filter-source"
            name="sourceEmr"
            defaultValue={values.sourceEmr}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. epic-main"
            {...fieldA11y("filter-source", errors.sourceEmr)}
          />
          <FieldError id="filter-source" errors={errors.sourceEmr} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="filter-mrn-authority">Assigning authority</Label>
          <Input
            id="filter-mrn-authority"
            name="mrnAuthority"
            defaultValue={values.mrnAuthority}
            autoComplete="off"
            spellCheck={false}
            placeholder="Of the MRN or id, e.g. MERIDIAN"
            {...fieldA11y("filter-mrn-authority", errors.mrnAuthority)}
          />
          <FieldError id="filter-mrn-authority" errors={errors.mrnAuthority} />
        </div>
        <div className="flex flex-col justify-end gap-2 lg:col-span-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="includeMerged" value="true" defaultChecked={values.includeMerged === "true"} className="size-4 accent-primary" />
            Include merged records
          </label>
          <p className="text-xs text-muted-foreground">A merged record&apos;s identifiers already find the patient it was merged into.</p>
        </div>
      </div>
    </UrlFilterForm>
  );
}
