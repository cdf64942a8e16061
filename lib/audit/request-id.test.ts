import { describe, expect, it } from "vitest";
import { newRequestId } from "@/lib/audit/request-id";

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// How ids travel through the proxy's sealed context and requestInfoFrom: lib/auth/request-context.test.ts.
describe("request ids", () => {
  it("are version 7 UUIDs that sort in the order they were made, also within one millisecond", async () => {
    const made: string[] = [];
    for (let i = 0; i < 2000; i += 1) {
      made.push(newRequestId());
      if (i % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (const id of made) expect(id).toMatch(VERSION_7);
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
  });
});
