import type { Route } from "next";
import Form from "next/form";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** A period (UTC dates, last day included), plus any fields the report needs before it; hidden when printed. */
export function PeriodForm({ action, label, submit, from, to, children }: { action: Route; label: string; submit: string; from: string; to: string; children?: ReactNode }) {
  return (
    <Form action={action} aria-label={label} className="flex flex-wrap items-end gap-4 print:hidden">
      {children}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="period-from">From (UTC date)</Label>
        <Input id="period-from" name="from" type="date" defaultValue={from} required />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="period-to">To (UTC date, included)</Label>
        <Input id="period-to" name="to" type="date" defaultValue={to} required />
      </div>
      <Button type="submit">{submit}</Button>
    </Form>
  );
}
