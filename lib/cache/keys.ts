import { escapeGlob } from "@/lib/cache/glob";

// Cache keys in one place, so a write path can find every key a read path may have filled.
// Keys carry no global prefix: the store adds it (REDIS_KEY_PREFIX), which keeps keys readable in tests and logs.
// Everything one patient owns lives under "patient:{<id>}" with the id in braces: a Redis Cluster hash tag, so a
// patient's keys share one slot and one UNLINK can drop them together (lib/cache/hash-tag.ts). It also ends the id,
// so patientPattern() matches that patient's keys and no other's.

function part(name: string, value: string): string {
  // An empty id would produce keys such as "patient::observations" shared by every caller that lost its id.
  if (value.length === 0) throw new RangeError(`cache key part "${name}" must not be empty`);
  return value;
}

/** A key part in braces: Redis Cluster hashes only it, so every key built around it lands in the same slot. */
function tagged(name: string, value: string): string {
  return `{${part(name, value)}}`;
}

export const cacheKeys = {
  patient: (id: string): string => `patient:${tagged("id", id)}`,

  /** All observations of a patient, or only one category (an ObservationType: "vital_signs", "laboratory" …). */
  observations: (patientId: string, category?: string): string =>
    category === undefined
      ? `patient:${tagged("patientId", patientId)}:observations`
      : `patient:${tagged("patientId", patientId)}:observations:${part("category", category)}`,

  medications: (patientId: string): string => `patient:${tagged("patientId", patientId)}:medications`,

  allergies: (patientId: string): string => `patient:${tagged("patientId", patientId)}:allergies`,

  /** The whole chart (header, counts, latest results) as one entry, for the chart page. */
  patientAggregate: (id: string): string => `patient:${tagged("id", id)}:aggregate`,

  /**
   * SCAN pattern for every key of one patient: "patient:{<id>}" and "patient:{<id>}:…". The closing brace ends
   * the id, so another patient whose id merely starts with this one is not matched. The id is escaped so an id
   * containing glob characters cannot widen the pattern.
   */
  patientPattern: (id: string): string => `patient:{${escapeGlob(part("id", id))}}*`,

  connection: (id: string): string => `connection:${part("id", id)}`,

  hl7Message: (id: string): string => `hl7:message:${part("id", id)}`,

  /** Counter for one rate-limited scope (e.g. "login", "api") and caller (user id, API key id, IP). */
  rateLimit: (scope: string, identifier: string): string =>
    `ratelimit:${part("scope", scope)}:${part("identifier", identifier)}`,
} as const;

export type CacheKeys = typeof cacheKeys;
