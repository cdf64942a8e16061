import { randomUUID } from "node:crypto";
import type { TrailRow } from "@/lib/alerts/detect/testing/trail";

// A generated day of ordinary clinical activity, in UTC working hours: clinicians sign in from their own
// workstations (now and then mistyping a password once), search, open a usual number of charts and read their
// records, sign out before seven; a compliance officer reviews the trail; an integration key writes patients and an
// MLLP feed delivers messages around the clock with the odd refusal. None of it should raise an alert.

export interface Staff {
  id: string;
  name: string;
  ip: string;
  role: "clinician" | "compliance";
}

export interface DayCast {
  clinicians: readonly Staff[];
  officer: Staff;
  patientIds: readonly string[];
  apiKey: { id: string; name: string; ip: string };
  mllpSender: string;
  /** Messages the feed delivers over the day. */
  messages: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing day can be generated again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;

export function ordinaryDay(day: Date, cast: DayCast, random: () => number): TrailRow[] {
  const rows: TrailRow[] = [];
  const between = (fromHour: number, toHour: number) => new Date(day.getTime() + (fromHour + random() * (toHour - fromHour)) * 60 * MINUTE);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const integer = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  for (const person of [...cast.clinicians, cast.officer]) {
    const actor = { userId: person.id, username: person.name, userRole: person.role, ip: person.ip };
    const signIn = between(7.25, 8.5);
    if (random() < 0.1) rows.push({ ...actor, action: "auth.login_failed", at: new Date(signIn.getTime() - MINUTE), status: "failure", resourceType: "user", resourceId: person.id, details: { reason: "wrong_password", failedLoginCount: 1 } });
    rows.push({ ...actor, action: "auth.login_succeeded", at: signIn, resourceType: "session", resourceId: randomUUID() });
    rows.push({ ...actor, action: "auth.login_succeeded", at: between(12.5, 13), resourceType: "session", resourceId: randomUUID() });
    rows.push({ ...actor, action: "auth.logout", at: between(18.5, 18.9), resourceType: "session" });
    if (person.role === "compliance") {
      for (let i = 0; i < 6; i += 1) rows.push({ ...actor, action: "audit.viewed", at: between(9, 17), resourceType: "audit_log", details: { view: "log" } });
      continue;
    }
    for (let i = integer(5, 15); i > 0; i -= 1) {
      const results = integer(1, 25);
      const page = random() < 0.1 ? 2 : 1;
      rows.push({ ...actor, action: "patient.searched", at: between(8.5, 18), resourceType: "patient", details: { criteria: { name: "present", page, pageSize: 25 }, results, total: results } });
    }
    for (let i = integer(15, 30); i > 0; i -= 1) {
      const patientId = pick(cast.patientIds);
      const opened = between(8.5, 18.25);
      const chart = { ...actor, patientId, resourceType: "patient", resourceId: patientId };
      rows.push({ ...chart, action: "patient.viewed", at: opened, details: { restricted: false } });
      for (let r = integer(1, 3); r > 0; r -= 1) rows.push({ ...chart, action: "patient.records_listed", at: new Date(opened.getTime() + r * MINUTE), details: { restricted: false } });
      if (random() < 0.3) rows.push({ ...chart, action: "observation.created", at: new Date(opened.getTime() + 5 * MINUTE) });
    }
    if (random() < 0.2) rows.push({ ...actor, action: "access.denied", at: between(9, 17), status: "denied", details: { permission: "users:manage", reason: "permission_missing" } });
  }

  const key = { userId: cast.apiKey.id, username: cast.apiKey.name, userRole: "integration", ip: cast.apiKey.ip };
  for (let i = 0; i < 200; i += 1) {
    const patientId = pick(cast.patientIds);
    rows.push({ ...key, action: random() < 0.5 ? "patient.created" : "patient.updated", at: between(0, 24), patientId, resourceType: "patient", resourceId: patientId });
  }
  for (let i = 0; i < cast.messages; i += 1) {
    const failed = random() < 0.003;
    rows.push({
      userId: cast.mllpSender,
      username: cast.mllpSender,
      userRole: "integration",
      action: "hl7.received",
      at: new Date(day.getTime() + (i + random()) * ((24 * 60 * MINUTE) / cast.messages)),
      status: failed ? "failure" : "success",
      resourceType: "hl7_message",
      resourceId: randomUUID(),
      patientId: failed ? null : pick(cast.patientIds),
      details: { ackCode: failed ? "AE" : "AA", transport: "mllp" },
    });
  }
  return rows.toSorted((a, b) => a.at.getTime() - b.at.getTime());
}
