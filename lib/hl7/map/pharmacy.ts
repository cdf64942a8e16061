import { Hl7Error } from "@/lib/hl7/er7/errors";
import { valueAt, type Hl7Message, type Hl7Segment } from "@/lib/hl7/er7/message";
import { bounded, parseDateTime, parseNumber, requireValue } from "@/lib/hl7/map/datatypes";
import type { MedicationCreateInput } from "@/lib/medications/schema";

export type MedicationFromOrder = Omit<MedicationCreateInput, "patientId" | "sourceEmr">;

/** A pharmacy order group: either a medication to create or update, or an order to stop (ORC-1 DC/OD) or cancel. */
export type PharmacyChange =
  | { kind: "upsert"; medication: MedicationFromOrder }
  | { kind: "stop"; sourceMedicationId: string; status: "stopped" | "cancelled"; endDate: string | null };

const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const STOPPING: Record<string, "stopped" | "cancelled"> = { DC: "stopped", OD: "stopped", CA: "cancelled", OC: "cancelled" };
const STATUS_BY_CONTROL: Record<string, MedicationFromOrder["status"]> = { HD: "on_hold", OH: "on_hold", RL: "active", NW: "active", XO: "active", RP: "active", SC: undefined, OK: "active" };

// HL7 table 0162 (route of administration) → words.
const ROUTES: Record<string, string> = { PO: "oral", IV: "intravenous", IM: "intramuscular", SC: "subcutaneous", SQ: "subcutaneous", SL: "sublingual", TOP: "topical", PR: "rectal", INH: "inhalation", NAS: "nasal", OP: "ophthalmic", OT: "otic", TD: "transdermal", NG: "nasogastric" };

interface OrderGroup {
  orc: Hl7Segment;
  orcSequence: number;
  give: Hl7Segment | undefined;
  giveName: "RXE" | "RXA" | "RXD" | undefined;
  giveSequence: number;
  tq1: Hl7Segment | undefined;
  rxr: Hl7Segment | undefined;
}

function groups(message: Hl7Message): OrderGroup[] {
  const result: OrderGroup[] = [];
  const counts = new Map<string, number>();
  for (const segment of message.segments) {
    const sequence = (counts.get(segment.name) ?? 0) + 1;
    counts.set(segment.name, sequence);
    const current = result.at(-1);
    if (segment.name === "ORC") result.push({ orc: segment, orcSequence: sequence, give: undefined, giveName: undefined, giveSequence: 0, tq1: undefined, rxr: undefined });
    else if (!current) continue;
    else if ((segment.name === "RXE" || segment.name === "RXA" || (segment.name === "RXD" && !current.give)) && current.giveName !== "RXE") {
      current.give = segment;
      current.giveName = segment.name;
      current.giveSequence = sequence;
    } else if (segment.name === "TQ1") current.tq1 ??= segment;
    else if (segment.name === "RXR") current.rxr ??= segment;
  }
  return result;
}

/** The order's key: the filler's order number, else the placer's (ORC-3, ORC-2). */
function orderKey(group: OrderGroup): string {
  const number = valueAt(group.orc, 3) || valueAt(group.orc, 2);
  return bounded(`ORDER:${requireValue(number, "placer or filler order number", { segment: "ORC", sequence: group.orcSequence, field: 2 })}`, 128);
}

function dateOf(raw: string, what: string, at: { segment: string; sequence: number; field: number; component?: number }): string | null {
  return raw ? parseDateTime(raw, what, at).date : null;
}

/** Start, end and frequency from TQ1 (v2.5+), else the v2.3 quantity/timing in RXE-1 or ORC-7 (TQ: interval ^ … ^ start ^ end). */
function timing(group: OrderGroup): { startDate: string | null; endDate: string | null; frequency: string | undefined } {
  if (group.tq1) {
    const at = (field: number) => ({ segment: "TQ1", sequence: 1, field });
    return { startDate: dateOf(valueAt(group.tq1, 7), "start date/time", at(7)), endDate: dateOf(valueAt(group.tq1, 8), "end date/time", at(8)), frequency: valueAt(group.tq1, 3) || undefined };
  }
  const inRxe = group.giveName === "RXE" && valueAt(group.give, 1, 2) + valueAt(group.give, 1, 4) !== "";
  const source = inRxe ? group.give : group.orc;
  const segment = inRxe ? "RXE" : "ORC";
  const field = inRxe ? 1 : 7;
  const sequence = inRxe ? group.giveSequence : group.orcSequence;
  return {
    startDate: dateOf(valueAt(source, field, 4), "quantity/timing start", { segment, sequence, field, component: 4 }),
    endDate: dateOf(valueAt(source, field, 5), "quantity/timing end", { segment, sequence, field, component: 5 }),
    frequency: valueAt(source, field, 2) || undefined,
  };
}

function prescriber(orc: Hl7Segment): { prescriberName?: string; prescriberId?: string } {
  const id = valueAt(orc, 12, 1).trim();
  const name = `${valueAt(orc, 12, 3)} ${valueAt(orc, 12, 2)}`.trim();
  return { prescriberName: name ? bounded(name, 255) : undefined, prescriberId: id ? bounded(id, 64) : undefined };
}

// Field numbers of the give code, amount and units in each segment that can carry them.
const GIVE_FIELDS = { RXE: { code: 2, amount: 3, units: 5 }, RXA: { code: 5, amount: 6, units: 7 }, RXD: { code: 2, amount: 4, units: 5 } } as const;

function medicationOf(group: OrderGroup): MedicationFromOrder {
  const give = group.give;
  const name = group.giveName;
  if (!give || !name) throw new Hl7Error(100, "A pharmacy order (ORC) has no RXE, RXA or RXD segment", { location: { segment: "ORC", sequence: group.orcSequence } });
  const fields = GIVE_FIELDS[name];
  const at = (field: number) => ({ segment: name, sequence: group.giveSequence, field });
  const code = valueAt(give, fields.code, 1).trim();
  const text = valueAt(give, fields.code, 2).trim();
  const system = valueAt(give, fields.code, 3).trim().toUpperCase();
  const amount = valueAt(give, fields.amount).trim();
  const units = valueAt(give, fields.units, 1).trim() || valueAt(give, fields.units, 2).trim();
  const route = valueAt(group.rxr, 1, 1).trim().toUpperCase();
  const routeText = valueAt(group.rxr, 1, 2).trim();
  const control = valueAt(group.orc, 1).trim().toUpperCase();
  const dose = amount ? parseNumber(amount, "give amount", at(fields.amount)) : null;
  return {
    medicationName: bounded(text || requireValue(code, "give code", at(fields.code)), 255),
    medicationCode: code ? bounded(code, 64) : undefined,
    codeSystem: code ? (system === "RXNORM" || system === "RXN" || system === "" ? RXNORM : null) : null,
    dose: dose !== null && dose > 0 ? dose : null,
    doseUnit: units ? bounded(units, 32) : undefined,
    route: route ? bounded(ROUTES[route] ?? (routeText || route).toLowerCase(), 64) : undefined,
    instructions: name === "RXE" && valueAt(give, 7, 2).trim() ? bounded(valueAt(give, 7, 2).trim(), 10_000) : undefined,
    status: STATUS_BY_CONTROL[control],
    ...timing(group),
    ...prescriber(group.orc),
    sourceMedicationId: orderKey(group),
  };
}

/** Every ORC group of an RDE, RDS or RAS message as a change to the patient's medications. */
export function mapPharmacy(message: Hl7Message): PharmacyChange[] {
  const orders = groups(message);
  if (orders.length === 0) throw new Hl7Error(100, "A pharmacy message needs at least one ORC segment", { location: { segment: "ORC", sequence: 1 } });
  return orders.map((group) => {
    const control = valueAt(group.orc, 1).trim().toUpperCase();
    const stop = STOPPING[control];
    if (stop) {
      const at = { segment: "ORC", sequence: group.orcSequence, field: 9 };
      return { kind: "stop", sourceMedicationId: orderKey(group), status: stop, endDate: dateOf(valueAt(group.orc, 9), "transaction date/time", at) };
    }
    return { kind: "upsert", medication: medicationOf(group) };
  });
}
