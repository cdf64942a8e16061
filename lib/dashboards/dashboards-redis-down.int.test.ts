import net from "node:net";
import { describe, expect, it } from "vitest";
import { cachePanel } from "@/lib/dashboards/cache";
import { connectionsPanel } from "@/lib/dashboards/connections";
import { databasePanel } from "@/lib/dashboards/database";
import { hl7Panel } from "@/lib/dashboards/hl7";
import { systemPanel } from "@/lib/dashboards/system";
import { contextFor } from "@/lib/testing/auth-context";

// Redis stopped: every panel still answers, saying what it cannot show.

const closed = net.createServer();
await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
const { port } = closed.address() as net.AddressInfo;
await new Promise<void>((resolve) => closed.close(() => resolve()));
process.env.REDIS_URL = `redis://127.0.0.1:${port}`;

describe("dashboards with Redis down", () => {
  it("render every panel, degraded where Redis is the source", async () => {
    const ctx = contextFor("admin");
    const database = await databasePanel(ctx);
    expect(database).toMatchObject({ status: "up", instancesVisible: false });
    expect(database.pools).toHaveLength(1);
    expect(await cachePanel(ctx)).toMatchObject({ status: "down", hitRatio: null, error: expect.stringMatching(/Redis does not answer/) });
    expect((await connectionsPanel(ctx)).rows).toEqual(expect.any(Array));
    expect((await hl7Panel(ctx)).lastHour.total).toBe(0);
    expect((await systemPanel(ctx)).counts.patients).toBe(0);
  });
});
