import type { Metadata } from "next";
import { PatientReportForm, UserLookupForm } from "@/components/audit/report-forms";
import { PageHeader } from "@/components/shell/page-section";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Audit reports" };

export default async function AuditReportsPage() {
  await requirePagePermission("audit:read");
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Audit reports" description="Accounting of disclosures: who looked at a patient's record, and what a user looked at." />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="patient-report-heading">
          <CardHeader>
            <CardTitle id="patient-report-heading">Who accessed this patient</CardTitle>
            <CardDescription>Every user who touched the patient&apos;s data, with counts, dates and data categories.</CardDescription>
          </CardHeader>
          <CardContent>
            <PatientReportForm />
          </CardContent>
        </Card>
        <Card aria-labelledby="user-report-heading">
          <CardHeader>
            <CardTitle id="user-report-heading">What did this user access</CardTitle>
            <CardDescription>Every patient a user touched, and everything the user did.</CardDescription>
          </CardHeader>
          <CardContent>
            <UserLookupForm />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
