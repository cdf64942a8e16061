import { z } from "zod";

// Development-only fallbacks so `npm run dev` works with no configuration; production must set real secrets.
const DEV_SECRET = "meridian-development-secret-do-not-use-in-production";
// Public (it is in this file), so it may only ever encrypt the demo data of the embedded database.
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

const ENCRYPTION_KEY_REQUIRED =
  "required unless the embedded development database is used; generate one with `openssl rand -base64 32`";

const booleanString = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).default(10),
    DATABASE_POOL_MAX_OVERFLOW: z.coerce.number().int().min(0).default(20),
    DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    DATABASE_POOL_RECYCLE_SECONDS: z.coerce.number().int().min(1).default(3600),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    REDIS_URL: z.string().url().optional(),
    REDIS_KEY_PREFIX: z.string().default("meridian:"),
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).default(250),
    CACHE_DEFAULT_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
    NEXTAUTH_SECRET: z.string().min(16).optional(),
    NEXTAUTH_URL: z.string().url().optional(),
    ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "ENCRYPTION_KEY must be 32 bytes, base64-encoded")
      .optional(),
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
    HL7_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(5_000_000),
    // Set by `npm run dev` and the CLI when they start the embedded PostgreSQL (no DATABASE_URL): a local demo
    // database, the only one the development encryption key may touch.
    MERIDIAN_EMBEDDED_DATABASE: booleanString.optional(),
  })
  .superRefine((env, ctx) => {
    const embeddedDemo = env.MERIDIAN_EMBEDDED_DATABASE === true && env.NODE_ENV !== "production";
    if (!env.ENCRYPTION_KEY && !embeddedDemo) ctx.addIssue({ code: "custom", path: ["ENCRYPTION_KEY"], message: ENCRYPTION_KEY_REQUIRED });
    if (!env.NEXTAUTH_SECRET && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "required in production" });
    }
  })
  .transform((env) => ({
    ...env,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? DEV_SECRET,
    ENCRYPTION_KEY: env.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY,
  }));

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
