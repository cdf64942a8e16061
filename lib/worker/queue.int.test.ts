import { describe, expect, it } from "vitest";
import { jobIdFor } from "@/lib/notifications/queues";
import { fileQuery } from "@/lib/testing/sql";
import { enqueue } from "@/lib/worker/queue";

// Outside the worker (a CLI detection run), enqueue opens a short-lived pg-boss: it creates the queue, sends the job
// with the queue's retry settings, and a job id sent twice stays one job.

const query = fileQuery();

describe("enqueue without a running worker", () => {
  it("creates the queue and sends the job once per id, with its retry settings", async () => {
    const spec = { name: "test.enqueue", policy: "standard" as const, retry: { limit: 4, delaySeconds: 7, backoff: true } };
    const id = jobIdFor("test|one");
    await enqueue(spec, { n: 1 }, { id });
    await enqueue(spec, { n: 1 }, { id });
    await enqueue(spec, { n: 2 });
    const jobs = await query<{ id: string; data: { n: number }; retry_limit: number; retry_delay: number; retry_backoff: boolean }>(
      "SELECT id::text, data, retry_limit, retry_delay, retry_backoff FROM pgboss.job WHERE name = 'test.enqueue' ORDER BY data->>'n'",
    );
    expect(jobs).toEqual([
      { id, data: { n: 1 }, retry_limit: 4, retry_delay: 7, retry_backoff: true },
      { id: expect.any(String), data: { n: 2 }, retry_limit: 4, retry_delay: 7, retry_backoff: true },
    ]);
  });
});
