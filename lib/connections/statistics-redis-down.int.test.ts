import net from "node:net";
import { describe, expect, it } from "vitest";
import { flushConnectionStatistics, recordConnectionRequest } from "@/lib/connections/statistics";
import { fileQuery } from "@/lib/testing/sql";

// Redis down: each request is added to PostgreSQL directly, so the statistics stay exact.

const closed = net.createServer();
await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
const { port } = closed.address() as net.AddressInfo;
await new Promise<void>((resolve) => closed.close(() => resolve()));
process.env.REDIS_URL = `redis://127.0.0.1:${port}`;

const query = fileQuery();

describe("connection statistics without Redis", () => {
  it("counts every request in PostgreSQL", async () => {
    const [row] = await query<{ id: string }>(
      `INSERT INTO emr_connections (connection_id, name, emr_type, endpoint, updated_at) VALUES ('offline', 'offline', 'epic', '{"kind":"fhir_rest"}', now()) RETURNING id`,
    );
    await Promise.all(Array.from({ length: 200 }, (_, i) => recordConnectionRequest(row?.id ?? "", { success: i % 4 !== 0, elapsedMs: 20 })));
    expect(await flushConnectionStatistics()).toBe(0);
    const [stats] = await query<{ total: string; failed: string }>(
      "SELECT sum(total_requests) AS total, sum(failed_requests) AS failed FROM connection_statistics WHERE connection_id = $1",
      [row?.id],
    );
    expect({ total: Number(stats?.total), failed: Number(stats?.failed) }).toEqual({ total: 200, failed: 50 });
  });
});
