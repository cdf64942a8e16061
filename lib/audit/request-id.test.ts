import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { newRequestId } from "@/lib/audit/request-id";
import { sealContext, settleContext, unsealContext } from "@/lib/auth/request-context";
import { SERVER_REQUEST_ID_HEADER } from "@/lib/auth/request-headers";

beforeAll(() => {
  process.env.DATABASE_URL ??= "postgresql://meridian@127.0.0.1:5432/unused";
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.NEXTAUTH_SECRET = "request-id-test-secret";
});

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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

  it("are what the proxy settles, and survive its sealed context and the route's reading of the header", () => {
    const settled = settleContext(new Headers());
    expect(settled.requestId).toMatch(VERSION_7);
    expect(unsealContext(sealContext(settled))?.requestId).toBe(settled.requestId);
    const info = requestInfoFrom(new Headers({ [SERVER_REQUEST_ID_HEADER]: settled.requestId }), "GET", "/api/health");
    expect(info.requestId).toBe(settled.requestId);
    expect(requestInfoFrom(new Headers(), "GET", "/api/health").requestId).toMatch(VERSION_7);
  });
});
