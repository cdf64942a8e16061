import type { ObservationStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { drawValue, flagFor, INTERPRETATION, rangeFor, referenceRangeText, round } from "@/lib/seed/catalog/interpret";
import { LAB_PANELS, labTest } from "@/lib/seed/catalog/labs";
import type { LabPanel, NumericTest, Tendency } from "@/lib/seed/catalog/types";
import { BMI, BODY_HEIGHT, BODY_WEIGHT, VITAL_SIGNS } from "@/lib/seed/catalog/vitals";
import { addMinutes, type DemoRandom } from "@/lib/seed/demo/context";
import type { DemoPatient } from "@/lib/seed/demo/patients";
import type { SourceIds } from "@/lib/seed/demo/source-ids";
import type { Staff } from "@/lib/seed/demo/staff";
import { gaussian } from "@/lib/seed/random";

export type ObservationRow = Prisma.ObservationCreateManyInput & { id: string; code: string; effectiveDatetime: Date };

/** A resulted lab order: what an ORU^R01 message carries. */
export interface LabOrder {
  panel: LabPanel;
  placerNumber: string;
  collectedAt: Date;
  resultedAt: Date;
  orderedBy: Staff["prescribers"][number];
  results: ObservationRow[];
}

export interface ObservationSeed {
  rows: ObservationRow[];
  encounters: Date[];
  labOrders: LabOrder[];
}

interface Context {
  random: DemoRandom;
  patient: DemoPatient;
  staff: Staff;
  sourceIds: SourceIds;
}

function tendencyFor(test: NumericTest, patient: DemoPatient): Tendency | undefined {
  for (const condition of patient.conditions) {
    const tendency = test.tendencies?.[condition];
    if (tendency) return tendency;
  }
  return undefined;
}

function observation(ctx: Context, test: NumericTest, value: number, at: Date, issued: Date, performer: string): ObservationRow {
  const { random, patient } = ctx;
  const range = rangeFor(test, patient.sex);
  const flag = flagFor(range, value);
  const critical = flag === "HH" || flag === "LL";
  const status: ObservationStatus = test.type === "laboratory" && random.chance(0.015) ? "amended" : "final";
  return {
    id: random.uuid(),
    patientId: patient.row.id,
    observationType: test.type,
    code: test.code,
    codeDisplay: test.display,
    valueQuantity: value,
    unit: test.unit,
    referenceRangeLow: range.low,
    referenceRangeHigh: range.high,
    referenceRangeText: referenceRangeText(range, test.unit),
    interpretation: flag ? INTERPRETATION[flag] : null,
    abnormalFlag: flag,
    status,
    effectiveDatetime: at,
    issuedDatetime: issued,
    performer,
    note: critical ? `Critical value reported to ordering clinician at ${issued.toISOString().slice(11, 16)} UTC; read-back verified.` : null,
    sourceEmr: patient.connection.slug,
    sourceObservationId: ctx.sourceIds.next(patient.connection, "OBS"),
  };
}

function vitalsAt(ctx: Context, at: Date): ObservationRow[] {
  const { random, patient } = ctx;
  const nurse = random.pick(ctx.staff.nurses);
  const issued = addMinutes(at, random.int(2, 20));
  const heightCm = round(patient.heightCm + gaussian(random.next) * 0.4, 1);
  const weightKg = round(patient.bmi * (patient.heightCm / 100) ** 2 * (1 + gaussian(random.next) * 0.015), 1);
  return VITAL_SIGNS.map((test) => {
    const value =
      test === BODY_HEIGHT
        ? heightCm
        : test === BODY_WEIGHT
          ? weightKg
          : test === BMI
            ? round(weightKg / (heightCm / 100) ** 2, 1)
            : drawValue(test, patient.sex, random.next, tendencyFor(test, patient));
    return observation(ctx, test, value, at, issued, nurse);
  });
}

function panelsFor(ctx: Context): LabPanel[] {
  const { random, patient } = ctx;
  const panels: LabPanel[] = [];
  for (const panel of LAB_PANELS) {
    const indicated = panel.orderedFor?.some((condition) => patient.conditions.includes(condition)) ?? false;
    const routine = panel.code === "51990-0" || panel.code === "58410-2";
    const draws = indicated ? random.int(1, 3) : routine ? random.int(0, 2) : random.chance(0.2) ? 1 : 0;
    for (let i = 0; i < draws; i += 1) panels.push(panel);
  }
  return panels;
}

function labOrder(ctx: Context, panel: LabPanel): LabOrder {
  const { random, patient } = ctx;
  const collectedAt = random.daysAgo(1, 729);
  const resultedAt = addMinutes(collectedAt, random.int(90, 1_440));
  const lab = `${patient.connection.sendingFacility.replace(/_/g, " ")} LABORATORY`;
  const results = panel.tests.map((code) => {
    const test = labTest(code);
    return observation(ctx, test, drawValue(test, patient.sex, random.next, tendencyFor(test, patient)), collectedAt, resultedAt, lab);
  });
  return {
    panel,
    placerNumber: ctx.sourceIds.next(patient.connection, "ORD"),
    collectedAt,
    resultedAt,
    orderedBy: random.pick(ctx.staff.prescribers),
    results,
  };
}

/** Vitals at 2–6 encounters and lab panels (routine, plus those the patient's conditions call for) over two years. */
export function buildObservations(random: DemoRandom, patient: DemoPatient, staff: Staff, sourceIds: SourceIds): ObservationSeed {
  const ctx: Context = { random, patient, staff, sourceIds };
  const encounters = Array.from({ length: random.int(2, 6) }, () => random.daysAgo(1, 729)).sort((a, b) => a.getTime() - b.getTime());
  const rows = encounters.flatMap((at) => vitalsAt(ctx, at));
  const labOrders = panelsFor(ctx)
    .map((panel) => labOrder(ctx, panel))
    .sort((a, b) => a.collectedAt.getTime() - b.collectedAt.getTime());
  for (const order of labOrders) rows.push(...order.results);
  return { rows, encounters, labOrders };
}
