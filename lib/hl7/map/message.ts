import { Hl7Error } from "@/lib/hl7/er7/errors";
import { requireHeaderFields, type Hl7Header } from "@/lib/hl7/er7/header";
import { Hl7Message, repetitionsOf, valueAt } from "@/lib/hl7/er7/message";
import { mapAl1, type AllergyFromAl1 } from "@/lib/hl7/map/al1";
import { mapObservations, type ObservationFromObx } from "@/lib/hl7/map/oru";
import { mapPharmacy, type PharmacyChange } from "@/lib/hl7/map/pharmacy";
import { mapPid, type PatientFromPid, type PatientIdentifier } from "@/lib/hl7/map/pid";

/** What a message asks Meridian to do, per patient it names. */
export type MappedMessage =
  | { family: "adt"; patients: [{ patient: PatientFromPid; allergies: AllergyFromAl1[] }]; clinical: boolean }
  | { family: "merge"; survivor: PatientFromPid; prior: PatientIdentifier[] }
  | { family: "results"; patients: { patient: PatientFromPid; observations: ObservationFromObx[] }[] }
  | { family: "pharmacy"; patients: [{ patient: PatientFromPid; changes: PharmacyChange[] }] };

const SUPPORTED_VERSIONS = new Set(["2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1"]);
const ADT_EVENTS = new Set(["A01", "A03", "A04", "A05", "A08", "A28", "A31", "A40"]);
const EVENTS: Record<string, Set<string>> = {
  ADT: ADT_EVENTS,
  ORU: new Set(["R01"]),
  RDE: new Set(["O11", "O01"]),
  RDS: new Set(["O13", "O01"]),
  RAS: new Set(["O17", "O01"]),
};

/** Refuses (AR) what Meridian does not take: unknown versions, message types and events. */
export function checkSupported(header: Hl7Header): void {
  requireHeaderFields(header);
  if (!SUPPORTED_VERSIONS.has(header.version)) {
    throw new Hl7Error(203, `HL7 version ${header.version.slice(0, 12)} is not supported (2.3 to 2.7.1)`, { location: { segment: "MSH", sequence: 1, field: 12 }, reject: true });
  }
  const events = EVENTS[header.messageType];
  if (!events) {
    throw new Hl7Error(200, `Message type ${header.messageType.slice(0, 8)} is not supported`, { location: { segment: "MSH", sequence: 1, field: 9, component: 1 }, reject: true });
  }
  if (!events.has(header.triggerEvent)) {
    throw new Hl7Error(201, `Event ${header.messageType}^${header.triggerEvent.slice(0, 8)} is not supported`, { location: { segment: "MSH", sequence: 1, field: 9, component: 2 }, reject: true });
  }
}

function requirePid(segment: ReturnType<Hl7Message["segment"]>): PatientFromPid {
  if (!segment) throw new Hl7Error(100, "The message has no PID segment", { location: { segment: "PID", sequence: 1 } });
  const patient = mapPid(segment);
  if (patient.identifiers.length === 0) throw new Hl7Error(101, "PID-3 (patient identifier list) is required", { location: { segment: "PID", sequence: 1, field: 3 } });
  return patient;
}

/** Segments from each PID up to the next: the patient result groups of an ORU. */
function patientGroups(message: Hl7Message): Hl7Message[] {
  const groups: Hl7Message[] = [];
  for (const segment of message.segments.slice(1)) {
    if (segment.name === "PID") groups.push(new Hl7Message(message.delimiters, [message.header, segment]));
    else groups.at(-1)?.segments.push(segment);
  }
  return groups;
}

export function mapMessage(message: Hl7Message, header: Hl7Header): MappedMessage {
  checkSupported(header);
  if (header.messageType === "ADT" && header.triggerEvent === "A40") {
    const mrg = message.segment("MRG");
    const prior = repetitionsOf(mrg, 1).map((repetition) => ({ value: repetition[0]?.[0] ?? "", authority: repetition[3]?.[0] || repetition[3]?.[1] || "", type: (repetition[4]?.[0] ?? "").toUpperCase() }));
    if (!mrg || prior.every((identifier) => !identifier.value)) throw new Hl7Error(101, "MRG-1 (prior patient identifier list) is required", { location: { segment: "MRG", sequence: 1, field: 1 } });
    return { family: "merge", survivor: requirePid(message.segment("PID")), prior: prior.filter((identifier) => identifier.value) };
  }
  if (header.messageType === "ADT") {
    const patient = requirePid(message.segment("PID"));
    const allergies = message.segmentsNamed("AL1").map((segment, index) => mapAl1(segment, index + 1));
    return { family: "adt", patients: [{ patient, allergies }], clinical: header.triggerEvent !== "A03" };
  }
  if (header.messageType === "ORU") {
    const groups = patientGroups(message);
    if (groups.length === 0) requirePid(undefined);
    return {
      family: "results",
      patients: groups.map((group) => ({ patient: requirePid(group.segment("PID")), observations: mapObservations(group, valueAt(message.header, 7), header.controlId) })),
    };
  }
  return { family: "pharmacy", patients: [{ patient: requirePid(message.segment("PID")), changes: mapPharmacy(message) }] };
}
