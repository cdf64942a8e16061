import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import getPort from "get-port";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CacheLogger } from "@/lib/cache/logger";
import { RedisStore } from "@/lib/cache/redis-store";
import { trustedCertificateAuthorities } from "@/lib/security/certificate-authorities";
import { makeCertificateAuthority } from "@/lib/testing/certificate-authority";

// REDIS_URL=rediss://… with REDIS_TLS_CA_FILE, against a throwaway redis-server that only speaks TLS, with a
// certificate for "localhost" from a CA made for this run.

const authority = makeCertificateAuthority("Cache private CA");
const server = authority.issue("localhost", "DNS:localhost");
const folder = mkdtempSync(path.join(tmpdir(), "redis-tls-"));
const file = (name: string, content: Buffer | string) => {
  writeFileSync(path.join(folder, name), content, { mode: 0o600 });
  return path.join(folder, name);
};
const caFile = file("ca.pem", authority.cert);
let redis: ChildProcess;
let port = 0;
const stores: RedisStore[] = [];

beforeAll(async () => {
  port = await getPort({ host: "127.0.0.1" });
  redis = spawn("redis-server", ["--port", "0", "--tls-port", String(port), "--bind", "127.0.0.1", "--tls-cert-file", file("server.crt", server.cert), "--tls-key-file", file("server.key", server.key), "--tls-ca-cert-file", caFile, "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", folder], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  redis.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (output.includes("Ready to accept connections")) resolve();
      else if (redis.exitCode !== null) reject(new Error(`redis-server did not start:\n${output}`));
      else return;
      clearInterval(check);
    }, 50);
  });
});

afterAll(async () => {
  for (const store of stores) await store.close();
  redis.kill("SIGKILL");
  rmSync(folder, { recursive: true, force: true });
});

/** A store for `url`, and the first reason it gave for being unavailable (empty while it is fine). */
function store(url: string, ca?: string): { store: RedisStore; firstWarning: () => string } {
  const warnings: string[] = [];
  const logger: CacheLogger = { info: () => undefined, error: () => undefined, warn: (details) => warnings.push(String(details.err)) };
  const created = new RedisStore({ url, keyPrefix: "tls-test:", commandTimeoutMs: 2_000, connectTimeoutMs: 5_000, logger, ...(ca ? { tls: { ca } } : {}) });
  stores.push(created);
  return { store: created, firstWarning: () => warnings[0] ?? "" };
}

describe("Redis over TLS (rediss://)", () => {
  it("works with the private CA trusted, verifying the server's certificate", async () => {
    const { store: cache } = store(`rediss://localhost:${port}`, trustedCertificateAuthorities(caFile, "REDIS_TLS_CA_FILE"));
    await cache.ping();
    await cache.set("greeting", "over tls", 60_000);
    expect(await cache.get("greeting")).toBe("over tls");
  });

  it("refuses a server whose CA is not trusted, or whose certificate is for another name; plain redis:// gets nowhere", async () => {
    const untrusted = store(`rediss://localhost:${port}`);
    await expect(untrusted.store.ping()).rejects.toThrow(/Redis unavailable/);
    expect(untrusted.firstWarning()).toMatch(/unable to verify|self.signed|issuer/i);
    const otherName = store(`rediss://127.0.0.1:${port}`, trustedCertificateAuthorities(caFile, "REDIS_TLS_CA_FILE"));
    await expect(otherName.store.ping()).rejects.toThrow(/Redis unavailable/);
    expect(otherName.firstWarning()).toMatch(/not in the cert's list|altnames/i);
    const plain = store(`redis://localhost:${port}`);
    await expect(plain.store.ping()).rejects.toThrow(/Redis unavailable/);
  });
});
