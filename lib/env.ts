import { z } from "zod";
import { redisNodeList, redisSettingIssues } from "@/lib/cache/redis-topology";
import { RETENTION_ENV_FIELDS } from "@/lib/retention/policy";

// Development-only fallbacks so `npm run dev` works with no configuration; production must set real secrets.
const DEV_SECRET = "meridian-development-secret-do-not-use-in-production";
// Public (it is in this file), so it may only ever encrypt the demo data of the embedded database.
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

const ENCRYPTION_KEY_REQUIRED =
  "required unless the embedded development database is used; generate one with `openssl rand -base64 32`";

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** The id ENCRYPTION_KEY goes by in the keyring (and in every ciphertext it seals). */
const SINGLE_KEY_ID = "default";

/** `id:base64key,id:base64key…` — the last entry encrypts, every entry decrypts (lib/secrets/keyring.ts). */
const EncryptionKeyList = z.string().transform((value, ctx) => {
  const keys: { id: string; key: Buffer }[] = [];
  for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf(":");
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), "base64");
    if (separator < 1 || !KEY_ID.test(id)) ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 40)}…" is not id:base64key (id: letters, digits, _ or -, at most 32)` });
    else if (key.length !== 32) ctx.addIssue({ code: "custom", message: `key "${id}" must be 32 bytes, base64-encoded` });
    else if (keys.some((known) => known.id === id)) ctx.addIssue({ code: "custom", message: `key id "${id}" appears twice` });
    else keys.push({ id, key });
  }
  return keys;
});

const booleanString = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
    // PostgreSQL itself when DATABASE_URL is a transaction pooler (PgBouncer): migrations and session-level locks.
    DIRECT_DATABASE_URL: z.string().url({ message: "DIRECT_DATABASE_URL must be a postgresql:// URL" }).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).default(10),
    DATABASE_POOL_MAX_OVERFLOW: z.coerce.number().int().min(0).default(20),
    DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    DATABASE_POOL_RECYCLE_SECONDS: z.coerce.number().int().min(1).default(3600),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    // Streaming replicas for search, reports, dashboards and audit review (lib/db/replicas.ts), comma-separated.
    DATABASE_REPLICA_URLS: z
      .string()
      .transform((value) => value.split(",").map((url) => url.trim()).filter(Boolean))
      .pipe(z.array(z.string().url({ message: "DATABASE_REPLICA_URLS must list postgresql:// URLs, comma-separated" })))
      .default([]),
    DATABASE_REPLICA_POOL_SIZE: z.coerce.number().int().min(0).default(5),
    DATABASE_REPLICA_POOL_MAX_OVERFLOW: z.coerce.number().int().min(0).default(20),
    // Longer than this to connect or to get a free connection, and the read goes to the primary instead.
    DATABASE_REPLICA_TIMEOUT_MS: z.coerce.number().int().min(100).default(1000),
    // A replica further behind the primary than this serves nothing: its reads go to the primary.
    DATABASE_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).default(5000),
    REDIS_URL: z.string().url().optional(),
    // Instead of REDIS_URL: a Redis Cluster (seed nodes) or a Sentinel-managed master (lib/cache/redis-topology.ts).
    REDIS_CLUSTER_NODES: redisNodeList(6379).optional(),
    REDIS_SENTINELS: redisNodeList(26379).optional(),
    REDIS_SENTINEL_MASTER_NAME: z.string().min(1).default("mymaster"),
    REDIS_SENTINEL_MASTER_PASSWORD: z.string().min(1).optional(),
    REDIS_KEY_PREFIX: z.string().default("meridian:"),
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).default(250),
    CACHE_DEFAULT_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
    NEXTAUTH_SECRET: z.string().min(16).optional(),
    NEXTAUTH_URL: z.string().url().optional(),
    ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "ENCRYPTION_KEY must be 32 bytes, base64-encoded")
      .optional(),
    ENCRYPTION_KEYS: EncryptionKeyList.optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SECURE_COOKIES: booleanString.optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
    SESSION_MAX_HOURS: z.coerce.number().positive().max(7 * 24).default(12),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
    LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
    LOGIN_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    // Read by scripts/server.mjs, which settles the client address before Next.js runs; validated here as well.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(99).default(0),
    AUDIT_ANONYMOUS_ROWS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    EMERGENCY_ACCESS_MINUTES: z.coerce.number().positive().default(60),
    // The HL7 v2 MLLP listener (`npm run mllp`, also started by `npm run dev`).
    MLLP_HOST: z.string().min(1).default("0.0.0.0"),
    MLLP_PORT: z.coerce.number().int().min(0).max(65535).default(2575),
    MLLP_IDLE_TIMEOUT_SECONDS: z.coerce.number().positive().default(300),
    // MLLP over TLS (lib/hl7/mllp/tls.ts): PEM file paths; client certificates checked against MLLP_TLS_CA.
    MLLP_TLS_CERT: z.string().min(1).optional(),
    MLLP_TLS_KEY: z.string().min(1).optional(),
    MLLP_TLS_CA: z.string().min(1).optional(),
    MLLP_TLS_CLIENT_CERT: z.enum(["none", "request", "require"]).optional(),
    // Extra certificate authorities (a PEM bundle) trusted for outbound TLS (FHIR, MLLP), besides Node's own.
    OUTBOUND_TLS_CA_FILE: z.string().min(1).optional(),
    // The CA bundle trusted for a rediss:// REDIS_URL, besides Node's own (a private CA).
    REDIS_TLS_CA_FILE: z.string().min(1).optional(),
    // The background worker (`npm run worker`, also started by `npm run dev`).
    CONNECTION_CHECK_MINUTES: z.coerce.number().int().min(1).max(59).default(5),
    HL7_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(5_000_000),
    // Alert notifications (lib/notifications): e-mail through SMTP (none while SMTP_URL is unset) and a signed webhook.
    SMTP_URL: z
      .string()
      .url()
      .refine((value) => /^smtps?:\/\//.test(value), "SMTP_URL must be smtp://host:port or smtps://host:port")
      .optional(),
    ALERT_EMAIL_FROM: z.string().trim().min(3).max(255).default("meridian-alerts@localhost"),
    ALERT_WEBHOOK_URL: z
      .string()
      .url()
      .refine((value) => /^https?:\/\//.test(value), "ALERT_WEBHOOK_URL must be an http:// or https:// URL")
      .optional(),
    ALERT_WEBHOOK_SECRET: z.string().min(32, "ALERT_WEBHOOK_SECRET must be at least 32 characters").optional(),
    // Retention periods in days (lib/retention/policy.ts holds each class's default; the audit trail at least 6 years).
    ...RETENTION_ENV_FIELDS,
    // Set by `npm run dev` and the CLI when they start the embedded PostgreSQL (no DATABASE_URL): a local demo
    // database, the only one the development encryption key may touch.
    MERIDIAN_EMBEDDED_DATABASE: booleanString.optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.ENCRYPTION_KEY && !env.ENCRYPTION_KEYS?.length && !embeddedDemo(env)) ctx.addIssue({ code: "custom", path: ["ENCRYPTION_KEY"], message: ENCRYPTION_KEY_REQUIRED });
    const listedDefault = env.ENCRYPTION_KEYS?.find((entry) => entry.id === SINGLE_KEY_ID);
    if (env.ENCRYPTION_KEY && listedDefault && !listedDefault.key.equals(Buffer.from(env.ENCRYPTION_KEY, "base64"))) {
      ctx.addIssue({ code: "custom", path: ["ENCRYPTION_KEYS"], message: `key id "${SINGLE_KEY_ID}" is ENCRYPTION_KEY's; give the listed key another id` });
    }
    for (const issue of mllpTlsIssues(env)) ctx.addIssue({ code: "custom", ...issue });
    if (!env.ALERT_WEBHOOK_URL !== !env.ALERT_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: [env.ALERT_WEBHOOK_URL ? "ALERT_WEBHOOK_SECRET" : "ALERT_WEBHOOK_URL"], message: "ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET go together: set both or neither" });
    }
    for (const issue of redisSettingIssues(env)) ctx.addIssue({ code: "custom", ...issue });
    if (!env.NEXTAUTH_SECRET && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "required in production" });
    }
  })
  .transform((env) => ({
    ...env,
    DIRECT_DATABASE_URL: env.DIRECT_DATABASE_URL ?? env.DATABASE_URL,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? DEV_SECRET,
    /** ENCRYPTION_KEY (as the key "default") first, then ENCRYPTION_KEYS: the last one encrypts. */
    encryptionKeys: encryptionKeysOf(env.ENCRYPTION_KEY ?? (embeddedDemo(env) ? DEV_ENCRYPTION_KEY : undefined), env.ENCRYPTION_KEYS ?? []),
  }));

type MllpTlsSettings = { MLLP_TLS_CERT?: string; MLLP_TLS_KEY?: string; MLLP_TLS_CA?: string; MLLP_TLS_CLIENT_CERT?: string };

function mllpTlsIssues(env: MllpTlsSettings): { path: string[]; message: string }[] {
  if (!env.MLLP_TLS_CERT !== !env.MLLP_TLS_KEY) return [{ path: [env.MLLP_TLS_CERT ? "MLLP_TLS_KEY" : "MLLP_TLS_CERT"], message: "MLLP_TLS_CERT and MLLP_TLS_KEY go together: set both (TLS) or neither (plain TCP)" }];
  if (!env.MLLP_TLS_CERT && (env.MLLP_TLS_CA || env.MLLP_TLS_CLIENT_CERT)) return [{ path: [env.MLLP_TLS_CA ? "MLLP_TLS_CA" : "MLLP_TLS_CLIENT_CERT"], message: "needs MLLP_TLS_CERT and MLLP_TLS_KEY (the listener's own TLS)" }];
  if (env.MLLP_TLS_CLIENT_CERT === "require" && !env.MLLP_TLS_CA) return [{ path: ["MLLP_TLS_CLIENT_CERT"], message: `"require" needs MLLP_TLS_CA, the CA that signs the senders' certificates` }];
  return [];
}

function embeddedDemo(env: { MERIDIAN_EMBEDDED_DATABASE?: boolean; NODE_ENV: string }): boolean {
  return env.MERIDIAN_EMBEDDED_DATABASE === true && env.NODE_ENV !== "production";
}

// The development key stays "default" beside ENCRYPTION_KEYS, so rotating the embedded demo data can be tried locally.
function encryptionKeysOf(single: string | undefined, list: { id: string; key: Buffer }[]): { id: string; key: Buffer }[] {
  const named = single === undefined ? [] : [{ id: SINGLE_KEY_ID, key: Buffer.from(single, "base64") }];
  return [...named.filter((key) => !list.some((entry) => entry.id === key.id)), ...list];
}

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  // One line, so a refused start says what to fix where it is read first (a terminal, a service log).
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  throw new EnvError(`Invalid environment (see .env.example): ${problems.join("; ")}`);
}

let cached: Env | undefined;

/** The validated environment, parsed once on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
