import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import getPort from "get-port";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationStatus } from "@/lib/db/migrations/runner";
import { InstrumentedPool, poolConfig } from "@/lib/db/pool";
import { makeCertificateAuthority } from "@/lib/testing/certificate-authority";
import { createBoss } from "@/lib/worker/boss";

// DATABASE_URL=…?sslmode=verify-full&sslrootcert=… against a throwaway PostgreSQL that takes TLS connections only,
// with a certificate for "localhost" from a CA made for this run: our pool, pg-boss and the migration runner all
// connect over TLS, and each refuses a server its CA did not sign or whose certificate names another host.

const authority = makeCertificateAuthority("Database private CA");
const otherAuthority = makeCertificateAuthority("Some other CA");
const server = authority.issue("localhost", "DNS:localhost");
const folder = mkdtempSync(path.join(tmpdir(), "pg-tls-"));
const data = path.join(folder, "data");
const caFile = path.join(folder, "ca.pem");
const otherCaFile = path.join(folder, "other-ca.pem");
writeFileSync(caFile, authority.cert);
writeFileSync(otherCaFile, otherAuthority.cert);

const binaries = path.join("/usr/lib/postgresql", readdirSync("/usr/lib/postgresql").sort().at(-1) ?? "", "bin");
const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: as root, its tools run as the postgres user. */
function postgresTool(tool: string, args: string[]): void {
  const command = path.join(binaries, tool);
  if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "ignore" });
  else execFileSync(command, args, { stdio: "ignore" });
}

let port = 0;
beforeAll(async () => {
  port = await getPort({ host: "127.0.0.1" });
  if (asRoot) chownSync(folder, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
  postgresTool("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  writeFileSync(path.join(data, "server.crt"), server.cert);
  writeFileSync(path.join(data, "server.key"), server.key, { mode: 0o600 });
  if (asRoot) for (const name of ["server.crt", "server.key"]) execFileSync("chown", ["postgres:", path.join(data, name)]);
  writeFileSync(path.join(data, "pg_hba.conf"), "hostssl all all 127.0.0.1/32 trust\n");
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${folder} -c ssl=on -c fsync=off`;
  postgresTool("pg_ctl", ["-D", data, "-l", path.join(folder, "log"), "-o", options, "-w", "start"]);
}, 120_000);

afterAll(() => {
  try {
    postgresTool("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

const url = (host: string, query: string) => `postgresql://postgres@${host}:${port}/postgres?${query}`;
const verifyFull = (host = "localhost", ca = caFile) => url(host, `sslmode=verify-full&sslrootcert=${ca}`);

async function overTls(databaseUrl: string): Promise<boolean> {
  const pool = new InstrumentedPool({ ...poolConfig({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 1, DATABASE_POOL_MAX_OVERFLOW: 0, DATABASE_POOL_TIMEOUT_MS: 5_000, DATABASE_POOL_IDLE_TIMEOUT_MS: 1_000, DATABASE_POOL_RECYCLE_SECONDS: 60, DATABASE_STATEMENT_TIMEOUT_MS: 5_000 }), min: 0 });
  try {
    const result = await pool.query<{ ssl: boolean }>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    return result.rows[0]?.ssl ?? false;
  } finally {
    await pool.end();
  }
}

describe("PostgreSQL with sslmode=verify-full", () => {
  it("connects our pool, pg-boss and the migration runner over TLS, the server's certificate checked against sslrootcert", async () => {
    expect(await overTls(verifyFull())).toBe(true);
    const boss = createBoss(verifyFull());
    boss.on("error", () => undefined);
    await boss.start();
    try {
      const { rows } = await boss.getDb().executeSql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", []);
      expect(rows[0]).toEqual({ ssl: true });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    expect((await migrationStatus(verifyFull())).applied).toEqual([]);
  }, 60_000);

  it("refuses a server that another CA signed, or whose certificate names another host; without TLS the server says no", async () => {
    await expect(overTls(verifyFull("localhost", otherCaFile))).rejects.toThrow(/unable to verify|self.signed|issuer/i);
    await expect(overTls(verifyFull("127.0.0.1"))).rejects.toThrow(/does not match|not in the cert's list/i);
    await expect(migrationStatus(verifyFull("localhost", otherCaFile))).rejects.toThrow(/unable to verify|self.signed|issuer/i);
    await expect(overTls(url("localhost", "sslmode=disable"))).rejects.toThrow(/no pg_hba.conf entry/);
  });
});
