import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Keyring } from "@/lib/secrets/keyring";
import { bulkMrn, highestBulkIndex, seedBulk } from "@/lib/seed/bulk";

const databaseUrl = process.env.DATABASE_URL ?? "";
const keyring = new Keyring([{ id: "bulk-int", key: Buffer.alloc(32, 5) }]);
const client = new pg.Client({ connectionString: databaseUrl });

beforeAll(() => client.connect());
afterAll(() => client.end());

async function counts(): Promise<{ patients: number; observations: number; latestUpdate: string }> {
  const result = await client.query<{ patients: number; observations: number; latest: Date }>(
    `SELECT (SELECT count(*)::int FROM patients) AS patients, (SELECT count(*)::int FROM observations) AS observations,
            (SELECT max(updated_at) FROM patients) AS latest`,
  );
  const row = result.rows[0];
  return { patients: row?.patients ?? 0, observations: row?.observations ?? 0, latestUpdate: row?.latest?.toISOString() ?? "" };
}

describe("seedBulk", () => {
  it("copies patients and their observations in batches, reporting progress", async () => {
    const progress: number[] = [];
    const result = await seedBulk({
      databaseUrl, patients: 2_000, observationsPerPatient: 3, batchSize: 700, keyring,
      onProgress: (p) => progress.push(p.patientsDone),
    });
    expect(result).toMatchObject({ previous: 0, firstIndex: 1, lastIndex: 2_000, patients: 2_000, observations: 6_000 });
    expect(result.rowsPerSecond).toBeGreaterThan(0);
    expect(progress).toEqual([0, 700, 1_400, 2_000]);
    expect(await counts()).toMatchObject({ patients: 2_000, observations: 6_000 });
    expect(await highestBulkIndex(client)).toBe(2_000);
    const planned = await client.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE relname = 'patients'");
    expect(planned.rows[0]?.reltuples).toBe(2_000);
  });

  it("is a no-op when re-run with the same count", async () => {
    const before = await counts();
    const result = await seedBulk({ databaseUrl, patients: 2_000, observationsPerPatient: 3, keyring });
    expect(result).toMatchObject({ previous: 2_000, patients: 0, observations: 0 });
    expect(await counts()).toEqual(before);
  });

  it("continues after the highest index when asked for more", async () => {
    const first = await client.query<{ id: string; first_name: string }>("SELECT id, first_name FROM patients WHERE mrn = $1", [bulkMrn(1_500)]);
    const result = await seedBulk({ databaseUrl, patients: 2_500, observationsPerPatient: 3, keyring });
    expect(result).toMatchObject({ previous: 2_000, firstIndex: 2_001, lastIndex: 2_500, patients: 500, observations: 1_500 });
    expect(await counts()).toMatchObject({ patients: 2_500, observations: 7_500 });
    const again = await client.query("SELECT id, first_name FROM patients WHERE mrn = $1", [bulkMrn(1_500)]);
    expect(again.rows).toEqual(first.rows);
    const orphans = await client.query("SELECT count(*)::int AS n FROM observations o LEFT JOIN patients p ON p.id = o.patient_id WHERE p.id IS NULL");
    expect(orphans.rows[0]).toEqual({ n: 0 });
  });

  it("writes flagged vitals with reference ranges", async () => {
    const flags = await client.query<{ abnormal_flag: string | null; n: number }>(
      "SELECT abnormal_flag, count(*)::int AS n FROM observations GROUP BY abnormal_flag",
    );
    const byFlag = new Map(flags.rows.map((row) => [row.abnormal_flag, row.n]));
    expect(byFlag.get("N")).toBeGreaterThan(3_000);
    expect((byFlag.get("H") ?? 0) + (byFlag.get("L") ?? 0)).toBeGreaterThan(100);
  });
});
