import { randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { requestInfoFrom } from "@/lib/audit/context";
import { authorizeCredentials } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createUser } from "@/lib/seed/accounts";
import { printTable, type Measurement } from "@/scripts/bench/harness";

// Whether a refused sign-in's time tells an existing account from an unknown e-mail: unknown e-mails and wrong
// passwords for real accounts, interleaved one by one (in alternating order) so that drift in the machine's load hits both alike. Each
// attempt comes from its own address and each account takes fewer failures than the lockout, so every attempt runs
// the refusal path being measured (not the rate limit's or the lockout's).

const TRIES = 100;
const DOMAIN = "sign-in.bench.invalid";

function request() {
  const octet = () => 1 + Math.floor(Math.random() * 250);
  const headers = new Headers({ "x-forwarded-for": `10.${octet()}.${octet()}.${octet()}`, "user-agent": "meridian-bench" });
  return requestInfoFrom(headers, "POST", "/api/auth/callback/credentials");
}

async function timed(attempt: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await attempt();
  return performance.now() - started;
}

function measurementOf(name: string, latencies: number[]): Measurement {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  const seconds = latencies.reduce((sum, ms) => sum + ms, 0) / 1000;
  return { name, requests: sorted.length, errors: 0, seconds, rps: sorted.length / seconds, p50: at(50), p95: at(95), p99: at(99) };
}

export async function benchSignIn(): Promise<void> {
  const failuresPerAccount = Math.max(1, env().LOGIN_MAX_FAILURES - 1);
  const accounts = await Promise.all(
    Array.from({ length: Math.ceil(TRIES / failuresPerAccount) }, async (_, n) => {
      const email = `bench-${n}-${randomUUID().slice(0, 8)}@${DOMAIN}`;
      await createUser({ email, name: `Sign-in bench ${n}`, role: "clinician", password: randomBytes(18).toString("base64url") });
      return email;
    }),
  );
  const unknown: number[] = [];
  const wrongPassword: number[] = [];
  try {
    for (let i = 0; i < TRIES; i += 1) {
      const password = randomBytes(18).toString("base64url");
      const email = accounts[Math.floor(i / failuresPerAccount)] ?? "";
      const tryUnknown = async () => unknown.push(await timed(() => authorizeCredentials({ email: `nobody-${randomUUID()}@${DOMAIN}`, password }, request())));
      const tryWrongPassword = async () => wrongPassword.push(await timed(() => authorizeCredentials({ email, password }, request())));
      // Alternating which goes first, so neither always runs right after the other.
      for (const attempt of i % 2 === 0 ? [tryUnknown, tryWrongPassword] : [tryWrongPassword, tryUnknown]) await attempt();
    }
  } finally {
    await db().user.deleteMany({ where: { email: { endsWith: `@${DOMAIN}` } } });
  }
  const baseline = measurementOf("unknown e-mail (baseline)", unknown);
  printTable(`Refused sign-ins, ${TRIES} of each, interleaved (the same cost is the goal: ratio ≈ 1.00x)`, [baseline, measurementOf("wrong password, existing account", wrongPassword)], baseline);
}
