import { v7 } from "uuid";

/**
 * A new request id: a UUID that starts with the time (RFC 9562 version 7), so ids grow as requests arrive. Every audit
 * row carries its request's id and audit_logs indexes it; random (version 4) ids sent each row to a random page of
 * that index, time-ordered ones go to its newest pages (README → Performance → Audit cost).
 */
export function newRequestId(): string {
  return v7();
}
