"use client";

import { LoaderCircle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { SelectField, TextField } from "@/components/patients/form-fields";
import { patientInput } from "@/components/patients/form-input";
import { humanize } from "@/components/ui/format";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import { GenderEnum } from "@/lib/shared-schema/enums";

export type SavePatientAction = (input: Record<string, unknown>) => Promise<ActionResult<{ id: string }>>;

export interface PatientFormValues {
  fields: Readonly<Record<string, string>>;
  ssnLast4: string | null;
}

type PatientFormProps =
  | { mode: "create"; save: SavePatientAction; initial?: undefined; patientId?: undefined }
  | { mode: "edit"; save: SavePatientAction; initial: PatientFormValues; patientId: string };

const GENDER_OPTIONS = GenderEnum.options.map((gender) => ({ value: gender, label: humanize(gender) }));

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-4 rounded-lg border bg-card p-5 shadow-xs">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">{children}</div>
    </fieldset>
  );
}

/**
 * Register a patient or edit demographics. Every rule lives in the shared zod schema and is checked by the server
 * action; its field errors appear next to the fields. A new patient opens in the chart; an edit stays here
 * with a confirmation and a way back to the chart.
 */
export function PatientForm({ mode, save, initial, patientId }: PatientFormProps) {
  const router = useRouter();
  const { state, formAction, pending, formRef, messageRef, fieldErrors: errors, valueOf } = useActionForm(
    (data: FormData) => save({ ...patientInput(data), ...(patientId ? { patientId } : {}) }),
    (patient) => {
      if (mode === "create") router.push(`/patients/${patient.id}`);
    },
  );
  const value = (name: string) => valueOf(name, initial?.fields[name]);
  const text = (name: string, label: string, options: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField id={`patient-${name}`} name={name} label={label} defaultValue={value(name)} errors={errors[name]} {...options} />
  );

  return (
    <form ref={formRef} action={formAction} noValidate aria-label={mode === "create" ? "Register patient" : "Edit demographics"} className="flex flex-col gap-6">
      <FormMessage
        ref={messageRef}
        result={state.result}
        success={mode === "create" ? "Patient registered. Opening the chart…" : "Demographics saved."}
        errorLabel="Patient form error"
      />
      <Section title="Identity">
        {mode === "create" && text("mrn", "MRN", { required: true, autoComplete: "off", spellCheck: false, hint: "Letters, digits and dashes" })}
        {mode === "create" &&
          text("mrnAuthority", "Assigning authority", {
            autoComplete: "off",
            spellCheck: false,
            hint: "Optional: who issued the MRN, e.g. MERIDIAN or a facility's code",
          })}
        {text("firstName", "First name", { required: true, autoComplete: "off" })}
        {text("middleName", "Middle name", { autoComplete: "off" })}
        {text("lastName", "Last name", { required: true, autoComplete: "off" })}
        {text("birthDate", "Birth date", { required: true, type: "date" })}
        <SelectField
          id="patient-gender"
          name="gender"
          label="Gender"
          placeholder={mode === "create" ? "Not recorded" : "Unchanged"}
          options={GENDER_OPTIONS}
          defaultValue={value("gender")}
          errors={errors.gender}
        />
        {text("ssn", mode === "create" ? "SSN" : "New SSN", {
          autoComplete: "off",
          inputMode: "numeric",
          hint: mode === "edit" && initial.ssnLast4 ? `Leave blank to keep the SSN ending ${initial.ssnLast4}.` : "123-45-6789; stored encrypted",
        })}
      </Section>
      <Section title="Contact">
        {text("phone", "Phone", { type: "tel", autoComplete: "off", hint: "+1 415 555 2671 or (415) 555-2671" })}
        {text("email", "Email", { type: "email", autoComplete: "off", spellCheck: false })}
      </Section>
      <Section title="Address">
        {text("addressLine1", "Street address", { autoComplete: "off", className: "sm:col-span-2" })}
        {text("addressLine2", "Apartment, suite, unit", { autoComplete: "off" })}
        {text("city", "City", { autoComplete: "off" })}
        {text("state", "State", { autoComplete: "off", hint: "2 letters, e.g. CA" })}
        {text("postalCode", "ZIP or postal code", { autoComplete: "off" })}
        {text("country", "Country", { autoComplete: "off", hint: "2 letters, e.g. US" })}
      </Section>
      <Section title="Background">
        {text("preferredLanguage", "Preferred language", { autoComplete: "off", hint: "e.g. en or es-MX" })}
        {text("maritalStatus", "Marital status", { autoComplete: "off" })}
        {text("race", "Race", { autoComplete: "off" })}
        {text("ethnicity", "Ethnicity", { autoComplete: "off" })}
      </Section>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="lg" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {mode === "create" ? "Register patient" : "Save demographics"}
        </Button>
        <Button asChild variant="ghost" size="lg">
          <Link href={patientId ? `/patients/${patientId}` : "/patients"}>{mode === "edit" && state.result?.ok ? "Back to chart" : "Cancel"}</Link>
        </Button>
      </div>
    </form>
  );
}
