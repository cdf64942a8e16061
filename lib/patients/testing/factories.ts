import { randomUUID } from "node:crypto";
import { contextFor } from "@/lib/testing/auth-context";
import type { AuthContext } from "@/lib/auth/assert";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

// Rows for integration tests of the clinical data layer, written straight to the test database.

/** A unique MRN, so tests in one file never collide. */
export function uniqueMrn(prefix = "T"): string {
  return `${prefix}${randomUUID().replace(/-/g, "").slice(0, 12).toUpperCase()}`;
}

export async function insertPatient(overrides: Partial<Prisma.PatientUncheckedCreateInput> = {}) {
  return db().patient.create({
    data: {
      mrn: uniqueMrn(),
      firstName: "Alex",
      lastName: `Tester${randomUUID().slice(0, 6)}`,
      birthDate: new Date("1980-04-12T00:00:00.000Z"),
      gender: "female",
      ...overrides,
    },
    select: { id: true, mrn: true, firstName: true, lastName: true, restricted: true },
  });
}

export async function insertObservation(patientId: string, overrides: Partial<Prisma.ObservationUncheckedCreateInput> = {}) {
  return db().observation.create({
    data: {
      patientId,
      observationType: "vital_signs",
      code: "8867-4",
      codeDisplay: "Heart rate",
      valueQuantity: 72,
      unit: "/min",
      effectiveDatetime: new Date("2024-05-01T08:30:00.000Z"),
      ...overrides,
    },
    select: { id: true },
  });
}

export async function insertMedication(patientId: string, overrides: Partial<Prisma.MedicationUncheckedCreateInput> = {}) {
  return db().medication.create({
    data: { patientId, medicationName: "Lisinopril 10 MG Oral Tablet", status: "active", ...overrides },
    select: { id: true },
  });
}

export async function insertAllergy(patientId: string, overrides: Partial<Prisma.AllergyUncheckedCreateInput> = {}) {
  return db().allergy.create({
    data: { patientId, allergen: "Penicillin", category: "medication", reactions: [{ manifestation: "Hives" }], ...overrides },
    select: { id: true },
  });
}

/** A caller whose actor is a real users row (emergency access grants reference users). */
export async function userContextFor(role: Role): Promise<AuthContext> {
  const ctx = contextFor(role);
  await db().user.create({
    data: { id: ctx.actor.id, email: `${ctx.actor.id}@test.example`, name: ctx.actor.name, role, passwordHash: "unused" },
    select: { id: true },
  });
  return ctx;
}

/** The same caller, on a new request (its own request id). */
export function nextRequest(ctx: AuthContext): AuthContext {
  return { ...ctx, request: { ...ctx.request, requestId: randomUUID() } };
}

export function auditRowsOf(ctx: AuthContext) {
  return db().auditLog.findMany({
    where: { requestId: ctx.request.requestId },
    select: { action: true, status: true, statusCode: true, userId: true, patientId: true, patientMrn: true, dataCategory: true, details: true },
    orderBy: { id: "asc" },
  });
}
