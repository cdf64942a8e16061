import type { Route } from "next";
import Form from "next/form";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

interface FieldProps {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
  type?: string;
  required?: boolean;
  placeholder?: string;
}

function Field({ id, label, ...input }: FieldProps) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} autoComplete="off" {...input} />
    </div>
  );
}

function RangeFields({ prefix, from, to }: { prefix: string; from?: string; to?: string }) {
  return (
    <>
      <Field id={`${prefix}-from`} name="from" label="From (UTC date)" type="date" defaultValue={from} />
      <Field id={`${prefix}-to`} name="to" label="To (UTC date)" type="date" defaultValue={to} />
    </>
  );
}

function ReportForm({ action, label, submit, children }: { action: Route; label: string; submit: string; children: ReactNode }) {
  return (
    <Form action={action} aria-label={label} className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-3">{children}</div>
      <div>
        <Button type="submit">{submit}</Button>
      </div>
    </Form>
  );
}

export interface ReportFormDefaults {
  from?: string;
  to?: string;
}

/** "Who accessed this patient": an MRN and an optional date range. */
export function PatientReportForm({ mrn, from, to }: ReportFormDefaults & { mrn?: string }) {
  return (
    <ReportForm action="/audit/reports/patient" label="Who accessed this patient" submit="Run patient report">
      <Field id="patient-report-mrn" name="mrn" label="Patient MRN" defaultValue={mrn} required placeholder="e.g. MRN-000123" />
      <RangeFields prefix="patient-report" from={from} to={to} />
    </ReportForm>
  );
}

/** "What did this user access": find the user by name or e-mail (then pick from the matches). */
export function UserLookupForm({ q, from, to }: ReportFormDefaults & { q?: string }) {
  return (
    <ReportForm action="/audit/reports/user" label="What did this user access" submit="Find user">
      <Field id="user-report-q" name="q" label="User name or e-mail" defaultValue={q} required placeholder="e.g. chris or @meridian.test" />
      <RangeFields prefix="user-report" from={from} to={to} />
    </ReportForm>
  );
}
