"use client";

import { Search } from "lucide-react";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const FIELDS = ["name", "mrn"] as const;

/**
 * The clinician's search box: opens the patient list with the name and/or MRN typed here (only the fields filled
 * in), where the full filters, sorting and paging are. Without JavaScript it is a plain GET form to that list.
 */
export function PatientQuickSearch() {
  const router = useRouter();

  function open(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const query = new URLSearchParams();
    for (const field of FIELDS) {
      const value = form.get(field);
      if (typeof value === "string" && value.trim() !== "") query.set(field, value.trim());
    }
    router.push(`/patients${query.size > 0 ? `?${query.toString()}` : ""}` as Route);
  }

  return (
    <search aria-label="Find a patient">
      <form method="get" action="/patients" onSubmit={open} className="flex flex-wrap items-end gap-3 rounded-lg border bg-card p-4 shadow-xs">
        <div className="flex min-w-64 flex-[2] flex-col gap-2">
          <Label htmlFor="home-patient-name">Name</Label>
          <Input id="home-patient-name" name="name" type="search" autoComplete="off" spellCheck={false} placeholder="First and/or last name; typos are fine" />
        </div>
        <div className="flex min-w-40 flex-1 flex-col gap-2">
          <Label htmlFor="home-patient-mrn">MRN</Label>
          <Input id="home-patient-mrn" name="mrn" autoComplete="off" spellCheck={false} />
        </div>
        <Button type="submit">
          <Search aria-hidden="true" />
          Search
        </Button>
      </form>
    </search>
  );
}
