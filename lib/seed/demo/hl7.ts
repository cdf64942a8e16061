import type { HL7Status } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { addMinutes, DEMO_ANCHOR, type DemoRandom } from "@/lib/seed/demo/context";
import {
  evn, HL7_VERSION, msh, obr, obx, pid, pv1, RECEIVING_APPLICATION, RECEIVING_FACILITY, type Header,
} from "@/lib/seed/demo/hl7-segments";
import type { LabOrder, ObservationSeed } from "@/lib/seed/demo/observations";
import type { DemoPatient } from "@/lib/seed/demo/patients";
import type { SourceIds } from "@/lib/seed/demo/source-ids";
import type { Staff } from "@/lib/seed/demo/staff";

export type HL7MessageRow = Prisma.HL7MessageCreateManyInput & { id: string; rawMessage: string };

// Failures an interface engine really reports; the seed keeps a few so the error views have content.
const ERRORS = [
  "PID-3: no identifier with type MR; patient could not be matched",
  "OBX-6: unit 'mg/dl' is not a UCUM code",
  "PV1-3: unknown location '5SOUTH^512^A'",
  "Database timeout while storing results; will retry",
];

const UNITS = ["4WEST^412^A", "3EAST^305^B", "5NORTH^518^A", "ICU^02^A", "2SOUTH^221^B"];

interface Built {
  header: Header;
  segments: string[];
  parsed: Prisma.InputJsonObject;
}

function controlId(sourceIds: SourceIds, patient: DemoPatient): string {
  const n = sourceIds.nextNumber(patient.connection, "MSG");
  return `${patient.connection.controlIdPrefix}${String(n).padStart(10, "0")}`;
}

function header(patient: DemoPatient, at: Date, type: Header["type"], event: Header["event"], id: string): Header {
  const { sendingApplication, sendingFacility } = patient.connection;
  return { sendingApplication, sendingFacility, at, type, event, controlId: id };
}

function adt(random: DemoRandom, patient: DemoPatient, staff: Staff, event: "A01" | "A08", at: Date, id: string): Built {
  const h = header(patient, at, "ADT", event, id);
  const attending = random.pick(staff.prescribers);
  const location = `${random.pick(UNITS)}^${patient.connection.sendingFacility}`;
  const visit = `V${random.faker.string.numeric(9)}`;
  const segments = [msh(h), evn(event, at), pid(patient), pv1(event === "A01" ? "I" : "O", location, attending, visit, at)];
  return { header: h, segments, parsed: { event, patientIdentifier: patient.row.mrn, visitNumber: visit, segments: ["MSH", "EVN", "PID", "PV1"] } };
}

function oru(patient: DemoPatient, order: LabOrder, id: string): Built {
  const h = header(patient, order.resultedAt, "ORU", "R01", id);
  const filler = order.placerNumber.replace("ORD", "LAB");
  const segments = [
    msh(h),
    pid(patient),
    ["ORC", "RE", order.placerNumber, filler].join("|"),
    obr(1, order.placerNumber, filler, order.panel.code, order.panel.display, order.collectedAt, order.orderedBy, order.resultedAt),
    ...order.results.map((result, i) => obx(i + 1, result)),
  ];
  return {
    header: h,
    segments,
    parsed: { event: "R01", patientIdentifier: patient.row.mrn, orderNumber: order.placerNumber, observationCount: order.results.length },
  };
}

function row(random: DemoRandom, patient: DemoPatient, built: Built): HL7MessageRow {
  const status = random.weighted<HL7Status>([
    { value: "processed", weight: 78 },
    { value: "acknowledged", weight: 17 },
    { value: "error", weight: 5 },
  ]);
  const failed = status === "error";
  const errorMessage = failed ? random.pick(ERRORS) : null;
  return {
    id: random.uuid(),
    messageType: built.header.type,
    triggerEvent: built.header.event,
    messageControlId: built.header.controlId,
    direction: "inbound",
    sendingApplication: built.header.sendingApplication,
    sendingFacility: built.header.sendingFacility,
    receivingApplication: RECEIVING_APPLICATION,
    receivingFacility: RECEIVING_FACILITY,
    messageDatetime: built.header.at,
    hl7Version: HL7_VERSION,
    rawMessage: built.segments.join("\r"),
    parsedData: built.parsed,
    status,
    ackCode: failed ? "AE" : "AA",
    ackMessage: errorMessage ?? "Message accepted",
    ackAt: new Date(built.header.at.getTime() + random.int(200, 3_000)),
    errorMessage,
    retryCount: failed ? random.int(1, 3) : 0,
    processedAt: failed ? null : new Date(built.header.at.getTime() + random.int(150, 900)),
    patientId: patient.row.id,
    connectionId: patient.connection.id,
  };
}

/** About two messages per patient: the admission (ADT^A01), the latest results (ORU^R01), sometimes an update (ADT^A08). */
export function buildHl7Messages(
  random: DemoRandom,
  patient: DemoPatient,
  clinical: ObservationSeed,
  staff: Staff,
  sourceIds: SourceIds,
): HL7MessageRow[] {
  const built: Built[] = [];
  const admittedAt = random.pick(clinical.encounters);
  built.push(adt(random, patient, staff, "A01", admittedAt, controlId(sourceIds, patient)));
  const latestOrder = clinical.labOrders.at(-1);
  if (latestOrder && random.chance(0.85)) built.push(oru(patient, latestOrder, controlId(sourceIds, patient)));
  if (random.chance(0.35)) {
    const updatedAt = addMinutes(admittedAt, random.int(60, 5 * 24 * 60));
    const latest = new Date(DEMO_ANCHOR.getTime() - 60 * 60_000);
    const at = updatedAt.getTime() < latest.getTime() ? updatedAt : latest;
    built.push(adt(random, patient, staff, "A08", at, controlId(sourceIds, patient)));
  }
  return built.map((message) => row(random, patient, message));
}
