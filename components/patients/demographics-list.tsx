import { languageText, maritalStatusText } from "@/components/patients/coded-values";
import { identifierText } from "@/components/patients/mrn";
import { formatDateTime } from "@/components/ui/format";
import type { PatientAlias, PatientResponse } from "@/lib/patients/schema";

function addressOf(patient: PatientResponse): string | null {
  const cityLine = [patient.city, [patient.state, patient.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const lines = [patient.addressLine1, patient.addressLine2, cityLine, patient.country].filter(Boolean);
  return lines.length > 0 ? lines.join(", ") : null;
}

const ALIAS_TYPES: Readonly<Record<string, string>> = { A: "alias", B: "birth name", M: "maiden name", N: "nickname", D: "display name" };

function aliasText(alias: PatientAlias): string {
  const name = [alias.given, alias.middle, alias.family].filter(Boolean).join(" ");
  const kind = ALIAS_TYPES[alias.type] ?? alias.type;
  return kind ? `${name} (${kind})` : name;
}

/** Identifiers besides the MRN the header shows (SSNs never reach the page). */
function otherIdentifiers(patient: PatientResponse): string[] {
  return patient.identifiers
    .filter((identifier) => !(identifier.type === "MR" && identifier.value === patient.mrn && identifier.assigningAuthority === patient.mrnAuthority))
    .map(identifierText);
}

const joinedOrNull = (values: string[]): string | null => (values.length > 0 ? values.join("; ") : null);

/** Contact and background details as a definition list; empty values read "Not recorded". */
export function DemographicsList({ patient }: { patient: PatientResponse }) {
  // Coded values read as words; the code as sent stays in the tooltip.
  const items: { label: string; value: string | null; code?: string | null }[] = [
    { label: "Also known as", value: joinedOrNull(patient.aliases.map(aliasText)) },
    { label: "Other identifiers", value: joinedOrNull(otherIdentifiers(patient)) },
    { label: "Phone", value: patient.phone },
    { label: "Email", value: patient.email },
    { label: "Address", value: addressOf(patient) },
    { label: "Preferred language", value: languageText(patient.preferredLanguage), code: patient.preferredLanguage },
    { label: "Marital status", value: maritalStatusText(patient.maritalStatus), code: patient.maritalStatus },
    { label: "Race", value: patient.race },
    { label: "Ethnicity", value: patient.ethnicity },
    { label: "Source EMR", value: patient.sourceEmr },
    { label: "Last updated", value: formatDateTime(patient.updatedAt) },
  ];
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
      {items.map(({ label, value, code }) => (
        <div key={label} className="flex flex-col gap-0.5">
          <dt className="text-xs font-medium text-muted-foreground uppercase">{label}</dt>
          <dd className={value ? "break-words" : "text-muted-foreground"} title={code && code !== value ? `Code ${code}` : undefined}>
            {value ?? "Not recorded"}
          </dd>
        </div>
      ))}
    </dl>
  );
}
