import { UserPlus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { searchParamsOf, type PageSearchParams, type TableQuery } from "@/components/data-table/url-state";
import { ageOn, formatDate, formatDateTime, humanize, sortableName } from "@/components/ui/format";
import { PATIENT_FILTER_KEYS, PatientSearchForm, type PatientFilterValues } from "@/components/patients/patient-search-form";
import { identifierText } from "@/components/patients/mrn";
import { PatientResultsSkeleton } from "@/components/patients/patient-results-skeleton";
import { PatientTable, type PatientListRow } from "@/components/patients/patient-table";
import { PageHeader } from "@/components/shell/page-section";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { fieldErrorsOf } from "@/lib/errors";
import { searchPatients } from "@/lib/patients/queries";
import type { PatientResponse } from "@/lib/patients/schema";
import { PatientSearchCriteria } from "@/lib/patients/search-schema";

export const metadata: Metadata = { title: "Patients" };

/**
 * A name search without an explicit sort is ranked by closeness, which no column shows; this sort key matches
 * no column, so none is marked sorted while every column still offers to sort.
 */
const RELEVANCE = "relevance";

/** Which identifier an exact identifier search matched, when the row's MRN does not show it. */
function matchedIdentifier(patient: PatientResponse, criteria: PatientSearchCriteria): string | null {
  const { mrn: searched, mrnPrefix, mrnAuthority } = criteria;
  if (!searched || mrnPrefix) return null;
  if (patient.mrn === searched && (mrnAuthority === undefined || patient.mrnAuthority === mrnAuthority)) return null;
  const match = patient.identifiers.find(
    (identifier) => identifier.value === searched && (mrnAuthority === undefined || identifier.assigningAuthority === mrnAuthority),
  );
  return match ? identifierText(match) : null;
}

function listRow(patient: PatientResponse, criteria: PatientSearchCriteria, today: Date): PatientListRow {
  return {
    id: patient.id,
    name: sortableName(patient),
    mrn: patient.mrn,
    mrnAuthority: patient.mrnAuthority,
    matchedIdentifier: matchedIdentifier(patient, criteria),
    mergedInto: patient.mergedInto,
    birthDate: formatDate(patient.birthDate),
    age: ageOn(patient.birthDate, today),
    gender: humanize(patient.gender),
    sourceEmr: patient.sourceEmr,
    updatedAt: formatDateTime(patient.updatedAt),
    restricted: patient.restricted,
  };
}

export default async function PatientsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await requirePagePermission("patients:read");
  const raw = await searchParams;
  const filterParams = searchParamsOf(raw, PATIENT_FILTER_KEYS);
  const filterValues: PatientFilterValues = Object.fromEntries(filterParams);
  const filtered = filterParams.size > 0;
  const criteria = PatientSearchCriteria.safeParse(searchParamsOf(raw));

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeader title="Patients" description="Search by name (typos are fine), MRN or any source's patient id, birth date, gender or source EMR." />
        {can(ctx.role, "patients:write") && (
          <Button asChild>
            <Link href="/patients/new">
              <UserPlus aria-hidden="true" />
              Register patient
            </Link>
          </Button>
        )}
      </div>
      {/* Keyed by the filters so the fields follow the URL on back and forward. The form and the results are
          siblings, so their keys carry different prefixes: with only filters in the URL the two query strings are
          equal, and React would keep the old form beside the new one. */}
      <PatientSearchForm
        key={`filters?${filterParams.toString()}`}
        values={filterValues}
        errors={criteria.success ? undefined : fieldErrorsOf(criteria.error)}
      />
      {criteria.success ? (
        // Keyed by the query, so a new search shows the loading rows rather than the last results.
        <Suspense key={`results?${searchParamsOf(raw).toString()}`} fallback={<PatientResultsSkeleton />}>
          <PatientResults ctx={ctx} criteria={criteria.data} filtered={filtered} />
        </Suspense>
      ) : (
        <Alert variant="error" aria-label="Invalid search">
          <div className="flex flex-col gap-1">
            <AlertTitle>Some filters are not valid</AlertTitle>
            <AlertDescription>Correct the fields marked above and search again.</AlertDescription>
          </div>
        </Alert>
      )}
    </div>
  );
}

async function PatientResults({ ctx, criteria, filtered }: { ctx: Parameters<typeof searchPatients>[0]; criteria: PatientSearchCriteria; filtered: boolean }) {
  const result = await searchPatients(ctx, criteria);
  const today = new Date();
  const sort: TableQuery["sort"] = criteria.sort
    ? { field: criteria.sort, dir: criteria.dir }
    : criteria.name
      ? { field: RELEVANCE, dir: "desc" }
      : { field: "name", dir: "asc" };
  return (
    <PatientTable
      rows={result.data.map((patient) => listRow(patient, criteria, today))}
      total={result.total}
      page={result.page}
      pageSize={result.pageSize}
      sort={sort}
      emptyState={
        <div className="flex flex-col items-center gap-2 text-sm">
          <p className="font-medium">{filtered ? "No patients match these filters." : "No patients yet."}</p>
          {filtered && (
            <p className="text-muted-foreground">
              Check the spelling of the MRN, try fewer filters, or{" "}
              <Link href="/patients" className="font-medium text-primary underline underline-offset-4">
                clear filters
              </Link>
              .
            </p>
          )}
        </div>
      }
    />
  );
}
