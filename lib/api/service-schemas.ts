import { z } from "zod";
import { RoleEnum } from "@/lib/shared-schema/enums";

// What the endpoints around the JSON API answer: health checks, the browser sign-in (next-auth's protocol) and the
// document itself. They are documented in the OpenAPI document like every route; tests hold real answers to them.

const HealthState = z.enum(["up", "down"]);

export const Liveness = z.object({ status: z.literal("ok") }).describe("The process answers");

export const Readiness = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).describe("down: PostgreSQL does not answer (503); degraded: Redis does not (reads fall back to PostgreSQL)"),
    checks: z.object({
      database: z.object({ status: HealthState, latencyMs: z.number().optional() }),
      cache: z.object({ status: HealthState, backend: z.string(), latencyMs: z.number().optional() }),
      worker: z
        .object({
          status: z.enum(["up", "stale", "none", "unknown"]),
          workers: z.number().int().describe("Workers that beat in the last minute"),
          lastHeartbeatAt: z.string().nullable(),
        })
        .describe("Background workers (informational: an instance serves without one; stale = no heartbeat for a minute)"),
    }),
    pool: z
      .object({ total: z.number().int(), idle: z.number().int(), waiting: z.number().int(), max: z.number().int() })
      .nullable()
      .describe("This instance's database connection pool"),
  })
  .describe("Readiness of the database and the cache, the worker's heartbeat and this instance's pool: no versions or errors");

export const CsrfToken = z.object({ csrfToken: z.string() }).describe("Token to send with the sign-in and sign-out forms");

export const BrowserSession = z
  .object({
    expires: z.string().optional().describe("When the session cookie expires (ISO 8601)"),
    user: z
      .object({ id: z.string(), name: z.string(), email: z.string(), role: RoleEnum, sessionId: z.string() })
      .optional()
      .describe("Absent when not signed in, or when the session was ended (revoked, idle, expired)"),
  })
  .describe("The signed-in user of a session cookie; {} without one");

export const SignInForm = z
  .object({
    email: z.string(),
    password: z.string(),
    csrfToken: z.string().describe("From GET /api/auth/csrf"),
    json: z.literal("true").describe("Answer with JSON instead of a redirect"),
  })
  .describe("Credentials sign-in (application/x-www-form-urlencoded), with the cookie GET /api/auth/csrf set");

export const SignOutForm = z
  .object({ csrfToken: z.string(), json: z.literal("true") })
  .describe("Sign-out (application/x-www-form-urlencoded): ends the session, audited");

export const AuthRedirect = z
  .object({ url: z.string().describe("Where the browser would go next; a failed sign-in's carries ?error=") })
  .describe("next-auth's answer to a form sent with json=true");

export const OpenApiDocumentSummary = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .describe("This document (OpenAPI 3.1)");
