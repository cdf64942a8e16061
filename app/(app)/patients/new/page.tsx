import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PatientForm } from "@/components/patients/patient-form";
import { PageHeader } from "@/components/shell/page-section";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { registerPatient } from "@/app/(app)/patients/actions";

export const metadata: Metadata = { title: "Register patient" };

export default async function NewPatientPage() {
  await requirePagePermission("patients:write");
  return (
    <div className="flex flex-col gap-6">
      <Link href="/patients" className="inline-flex w-fit items-center gap-1.5 rounded-sm text-sm font-medium text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Patients
      </Link>
      <PageHeader title="Register patient" description="Fields marked * are required. Everything else can be added later." />
      <PatientForm mode="create" save={registerPatient} />
    </div>
  );
}
