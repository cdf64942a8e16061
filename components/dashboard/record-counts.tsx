import { Cable, FlaskConical, MessageSquare, Pill, ScrollText, ShieldExclamationPoint, UserRound, Users, type LucideIcon } from "lucide-react";
import { formatCount } from "@/components/dashboard/format";
import type { RecordCounts } from "@/lib/stats/queries";

const TILES: readonly { key: keyof RecordCounts; label: string; icon: LucideIcon }[] = [
  { key: "patients", label: "Patients", icon: UserRound },
  { key: "observations", label: "Observations", icon: FlaskConical },
  { key: "medications", label: "Medications", icon: Pill },
  { key: "allergies", label: "Allergies", icon: ShieldExclamationPoint },
  { key: "hl7Messages", label: "HL7 messages", icon: MessageSquare },
  { key: "emrConnections", label: "EMR connections", icon: Cable },
  { key: "users", label: "Users", icon: Users },
  { key: "auditEvents", label: "Audit events", icon: ScrollText },
];

/** One tile per table, as a definition list: "Patients, 1,204". */
export function RecordCountTiles({ counts }: { counts: RecordCounts }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
      {TILES.map(({ key, label, icon: Icon }) => (
        <div key={key} className="flex flex-col gap-2 rounded-lg border bg-card p-4 shadow-xs">
          <dt className="flex items-center gap-2 text-sm text-muted-foreground">
            <Icon aria-hidden="true" className="size-4 text-primary" />
            {label}
          </dt>
          <dd className="text-2xl font-semibold tracking-tight tabular-nums">
            {formatCount(counts[key])}
          </dd>
        </div>
      ))}
    </dl>
  );
}
