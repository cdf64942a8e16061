import { z } from "zod";

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const ConnectionSlug = z
  .string()
  .trim()
  .toLowerCase()
  .max(64, "At most 64 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes, e.g. epic-prod")
  .describe("Stable connection identifier (slug), e.g. epic-prod");

function isSecureOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** PHI travels over TLS: https, except plain http to this machine for local EMR sandboxes. */
export const ConnectionBaseUrl = z
  .string()
  .trim()
  .max(1024, "At most 1024 characters")
  .check(z.url({ protocol: /^https?$/, error: "Must be an http(s) URL" }))
  .refine(isSecureOrLoopback, "Must use https (http only for localhost)")
  .describe("Base URL of the EMR API (FHIR base), https");
