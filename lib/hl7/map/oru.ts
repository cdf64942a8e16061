import { Hl7Error } from "@/lib/hl7/er7/errors";
import { valueAt, repetitionsOf, componentOf, type Hl7Message, type Hl7Segment } from "@/lib/hl7/er7/message";
import { bounded, parseDateTime, parseNumber, requireValue } from "@/lib/hl7/map/datatypes";
import type { ObservationCreateInput } from "@/lib/observations/schema";

export type ObservationFromObx = Omit<ObservationCreateInput, "patientId" | "sourceEmr">;

const LOINC = "http://loinc.org";
// The FHIR vital-signs profile's LOINC codes: everything else an ORU carries is filed as a laboratory result.
const VITAL_SIGNS = new Set(["8867-4", "9279-1", "8310-5", "8480-6", "8462-4", "85354-9", "59408-5", "2708-6", "29463-7", "8302-2", "39156-5", "8287-5", "9843-4"]);

// HL7 table 0085 (observation result status) → FHIR observation status.
const STATUSES: Record<string, ObservationFromObx["status"]> = {
  F: "final",
  U: "final",
  C: "corrected",
  P: "preliminary",
  R: "preliminary",
  S: "preliminary",
  I: "registered",
  O: "registered",
  X: "cancelled",
  D: "entered_in_error",
  W: "entered_in_error",
  N: "unknown",
};

const NUMERIC_TYPES = new Set(["NM"]);
const TEXT_TYPES = new Set(["ST", "TX", "FT"]);
const CODED_TYPES = new Set(["CE", "CWE", "CNE", "CF"]);
const DATE_TYPES = new Set(["DT", "TS", "DTM", "TM"]);

interface Order {
  placer: string;
  filler: string;
  effective: string;
  issued: string;
  notes: string[];
}

/** "3.9-5.5", "<200", ">= 60", or free text. */
function referenceRange(raw: string): Pick<ObservationFromObx, "referenceRangeLow" | "referenceRangeHigh" | "referenceRangeText"> {
  const text = raw.trim();
  if (!text) return { referenceRangeLow: null, referenceRangeHigh: null };
  const between = /^(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (between) return { referenceRangeLow: Number(between[1]), referenceRangeHigh: Number(between[2]), referenceRangeText: text };
  const bound = /^([<>]=?)\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (bound?.[1]?.startsWith("<")) return { referenceRangeLow: null, referenceRangeHigh: Number(bound[2]), referenceRangeText: text };
  if (bound) return { referenceRangeLow: Number(bound[2]), referenceRangeHigh: null, referenceRangeText: text };
  return { referenceRangeLow: null, referenceRangeHigh: null, referenceRangeText: bounded(text, 255) };
}

function resultValue(obx: Hl7Segment, sequence: number): Pick<ObservationFromObx, "valueQuantity" | "valueString" | "valueCode"> {
  const type = valueAt(obx, 2).trim().toUpperCase();
  const at = { segment: "OBX", sequence, field: 5 };
  const values = repetitionsOf(obx, 5);
  if (values.length === 0) return { valueQuantity: null };
  const first = values[0];
  if (NUMERIC_TYPES.has(type)) return { valueQuantity: parseNumber(componentOf(first, 1), "numeric result", at) };
  if (type === "SN") {
    // SN: comparator ^ number ^ separator/suffix ^ number ("<^5", "^1^:^128", "^10^-^20").
    const comparator = componentOf(first, 1).trim();
    const number = parseNumber(componentOf(first, 2), "structured numeric result", { ...at, component: 2 });
    const separator = componentOf(first, 3);
    const second = componentOf(first, 4);
    const text = `${comparator}${componentOf(first, 2).trim()}${separator}${second}`;
    return { valueQuantity: number, valueString: comparator || separator ? bounded(text, 10_000) : undefined };
  }
  if (CODED_TYPES.has(type)) {
    const code = componentOf(first, 1).trim();
    const text = componentOf(first, 2).trim();
    return { valueQuantity: null, valueCode: code ? bounded(code, 64) : undefined, valueString: text || undefined };
  }
  if (DATE_TYPES.has(type)) {
    const parsed = parseDateTime(componentOf(first, 1), "date result", at);
    return { valueQuantity: null, valueString: parsed.hasTime ? parsed.instant.toISOString() : parsed.date };
  }
  if (TEXT_TYPES.has(type) || type === "") {
    // TX and FT repeat for long text: the repetitions are its lines.
    return { valueQuantity: null, valueString: bounded(values.map((repetition) => componentOf(repetition, 1)).join("\n"), 10_000) };
  }
  throw new Hl7Error(102, `OBX-2 value type "${type.slice(0, 8)}" is not supported`, { location: { segment: "OBX", sequence, field: 2 } });
}

function noteText(nte: Hl7Segment): string {
  return repetitionsOf(nte, 3).map((repetition) => componentOf(repetition, 1)).join("\n");
}

/** The key under which a result is kept: a corrected or final result for the same order, code and sub-id replaces it. */
export function observationSourceKey(order: Pick<Order, "placer" | "filler">, code: string, subId: string, fallback: string): string {
  const orderNumber = order.filler || order.placer;
  return bounded(orderNumber ? `${orderNumber}|${code}|${subId}` : fallback, 128);
}

/** Every OBX of an ORU (one or many OBR groups) as an observation; NTE after an OBX is its note, after an OBR the order's. */
export function mapObservations(message: Hl7Message, fallbackTime: string, controlId: string): ObservationFromObx[] {
  const observations: ObservationFromObx[] = [];
  let order: Order = { placer: "", filler: "", effective: "", issued: "", notes: [] };
  let obxSequence = 0;
  let obrSequence = 0;
  let last: ObservationFromObx | null = null;
  const attachNote = (observation: ObservationFromObx, text: string) => {
    observation.note = bounded(observation.note ? `${observation.note}\n${text}` : text, 10_000);
  };
  for (const segment of message.segments) {
    if (segment.name === "OBR") {
      obrSequence++;
      order = { placer: valueAt(segment, 2), filler: valueAt(segment, 3), effective: valueAt(segment, 7), issued: valueAt(segment, 22), notes: [] };
      last = null;
    } else if (segment.name === "NTE") {
      const text = noteText(segment);
      if (last) attachNote(last, text);
      else order.notes.push(text);
    } else if (segment.name === "OBX") {
      obxSequence++;
      const at = (field: number) => ({ segment: "OBX", sequence: obxSequence, field });
      const code = requireValue(valueAt(segment, 3, 1).trim(), "observation identifier", at(3));
      const system = valueAt(segment, 3, 3).trim().toUpperCase();
      const time = valueAt(segment, 14) || order.effective || fallbackTime;
      const status = valueAt(segment, 11).trim().toUpperCase();
      const flag = valueAt(segment, 8).trim().toUpperCase();
      const observation: ObservationFromObx = {
        observationType: VITAL_SIGNS.has(code) && (system === "LN" || system === "") ? "vital_signs" : "laboratory",
        code: bounded(code, 64),
        codeSystem: system === "LN" || system === "" ? LOINC : `urn:hl7-v2:${system.toLowerCase()}`,
        codeDisplay: valueAt(segment, 3, 2).trim() ? bounded(valueAt(segment, 3, 2).trim(), 255) : undefined,
        ...resultValue(segment, obxSequence),
        unit: valueAt(segment, 6, 1).trim() ? bounded(valueAt(segment, 6, 1).trim(), 64) : undefined,
        ...referenceRange(valueAt(segment, 7)),
        abnormalFlag: flag ? bounded(flag, 8) : undefined,
        status: STATUSES[status] ?? "final",
        effectiveDatetime: parseDateTime(time, "observation time", valueAt(segment, 14) ? at(14) : { segment: "OBR", sequence: obrSequence, field: 7 }).instant.toISOString(),
        issuedDatetime: order.issued ? parseDateTime(order.issued, "results report time", { segment: "OBR", sequence: obrSequence, field: 22 }).instant.toISOString() : null,
        performer: valueAt(segment, 16, 2).trim() ? bounded(`${valueAt(segment, 16, 2).trim()} ${valueAt(segment, 16, 3).trim()}`.trim(), 255) : undefined,
        note: order.notes.length > 0 ? bounded(order.notes.join("\n"), 10_000) : undefined,
        sourceObservationId: observationSourceKey(order, code, valueAt(segment, 4), `${controlId}|${obxSequence}`),
      };
      observations.push(observation);
      last = observation;
    }
  }
  return observations;
}
