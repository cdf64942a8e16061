import type { MedicationStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { medicationsFor } from "@/lib/seed/catalog/medications";
import type { MedicationDef } from "@/lib/seed/catalog/types";
import { DAY_MS, dateOnly, type DemoRandom } from "@/lib/seed/demo/context";
import type { DemoPatient } from "@/lib/seed/demo/patients";
import type { SourceIds } from "@/lib/seed/demo/source-ids";
import { displayName, type Staff } from "@/lib/seed/demo/staff";

export type MedicationRow = Prisma.MedicationCreateManyInput & { id: string };

interface Course {
  def: MedicationDef;
  status: MedicationStatus;
  start: Date;
  end: Date | null;
  note?: string;
}

// Why a previous drug of the same class was stopped; real charts record a reason with the switch.
const SWITCH_REASONS = [
  "Stopped: persistent dry cough",
  "Stopped: ankle swelling",
  "Stopped: inadequate response",
  "Stopped: muscle aches",
  "Stopped: changed to formulary alternative",
];

function chronicCourses(random: DemoRandom, patient: DemoPatient): Course[] {
  const courses: Course[] = [];
  for (const condition of patient.conditions) {
    const options = medicationsFor(condition);
    if (options.length === 0) continue;
    const current = random.pick(options);
    const start = random.daysAgo(60, 2_400);
    const onHold = random.chance(0.04);
    courses.push({ def: current, status: onHold ? "on_hold" : "active", start, end: null });
    const alternatives = options.filter((option) => option.generic !== current.generic);
    if (alternatives.length > 0 && random.chance(0.2)) {
      const earlierStart = new Date(start.getTime() - random.int(90, 900) * DAY_MS);
      courses.push({
        def: random.pick(alternatives),
        status: "stopped",
        start: earlierStart,
        end: new Date(start.getTime() - DAY_MS),
        note: random.pick(SWITCH_REASONS),
      });
    }
  }
  return courses;
}

function acuteCourses(random: DemoRandom): Course[] {
  const courses: Course[] = [];
  const count = random.chance(0.45) ? random.int(1, 2) : 0;
  for (const def of random.some(medicationsFor("acute"), count)) {
    const start = random.daysAgo(20, 720);
    const days = def.generic === "amoxicillin" ? 10 : random.int(3, 14);
    courses.push({ def, status: "completed", start, end: new Date(start.getTime() + days * DAY_MS) });
  }
  return courses;
}

/** Active chronic medications for each condition, some earlier switches, and short completed courses. */
export function buildMedications(random: DemoRandom, patient: DemoPatient, staff: Staff, sourceIds: SourceIds): MedicationRow[] {
  return [...chronicCourses(random, patient), ...acuteCourses(random)].map((course) => {
    const prescriber = random.pick(staff.prescribers);
    return {
      id: random.uuid(),
      patientId: patient.row.id,
      medicationName: course.def.name,
      genericName: course.def.generic,
      medicationCode: course.def.rxnorm,
      strength: course.def.strength,
      dose: course.def.dose,
      doseUnit: course.def.doseUnit,
      route: course.def.route,
      frequency: course.def.frequency,
      instructions: course.note ? `${course.def.instructions} ${course.note}.` : course.def.instructions,
      status: course.status,
      prescriberName: displayName(prescriber),
      prescriberId: prescriber.npi,
      startDate: dateOnly(course.start),
      endDate: course.end ? dateOnly(course.end) : null,
      sourceEmr: patient.connection.slug,
      sourceMedicationId: sourceIds.next(patient.connection, "MED"),
    };
  });
}
