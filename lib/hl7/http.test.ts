import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { hl7Response, readHl7Body } from "@/lib/hl7/http";
import { methodNotAllowed } from "@/lib/http/methods";
import { problemResponse } from "@/lib/http/problem";
import { RETRY_AFTER_SECONDS } from "@/lib/http/problem-details";

const MESSAGE = "MSH|^~\\&|LAB|HOSP|MERIDIAN|HUB|20261201083000||ADT^A01|C1|P|2.5.1\rPID|1||1^^^HOSP^MR||Doe^Jane||19800101|F";

// Bytes, not a string: fetch would label a string body text/plain itself.
const post = (contentType: string | null) =>
  new Request("http://localhost/api/v1/hl7", { method: "POST", body: new TextEncoder().encode(MESSAGE), headers: contentType === null ? {} : { "content-type": contentType } });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error.code;
}

describe("POST /api/v1/hl7 body (the accepted types: http.int.test.ts)", () => {
  it("refuses any other media type, or none, with 415 before reading the body", async () => {
    for (const type of ["application/json", "application/x-www-form-urlencoded", "text/html", "application/hl7-v2+xml", "", null]) {
      expect(await refusal(readHl7Body(post(type))), String(type)).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });
});

describe("the ACK response", () => {
  it("is a 200 whatever the ACK code, in the registered media type and the message's character set", async () => {
    const ack = Buffer.from("MSH|^~\\&|MERIDIAN|HUB|LAB|HOSP|20261201083001||ACK^A01|A1|P|2.5.1\rMSA|AR|C1\r");
    const utf8 = hl7Response(ack, Buffer.from(MESSAGE));
    expect(utf8.status).toBe(200);
    expect(utf8.headers.get("content-type")).toBe("x-application/hl7-v2+er7; charset=utf-8");
    expect(Buffer.from(await utf8.arrayBuffer())).toEqual(ack);
    const latin1 = Buffer.from(`${MESSAGE.split("\r")[0]}||||||8859/1\r`, "latin1");
    expect(hl7Response(ack, latin1).headers.get("content-type")).toBe("x-application/hl7-v2+er7; charset=iso-8859-1");
  });
});

describe("other methods on /api/v1/hl7", () => {
  it("answer 405 with Allow: OPTIONS, POST (GET and HEAD too: nothing is read here)", () => {
    for (const method of ["GET", "HEAD", "PUT", "PATCH", "DELETE"]) {
      const response = methodNotAllowed(method, "/api/v1/hl7", new Headers(), "r1");
      expect(response?.status, method).toBe(405);
      expect(response?.headers.get("allow"), method).toBe("OPTIONS, POST");
    }
    expect(methodNotAllowed("POST", "/api/v1/hl7", new Headers(), "r1")).toBeNull();
  });
});

describe("a POST the database could not take", () => {
  it("answers 503 with Retry-After: nothing was stored or acknowledged, the sender sends it again", () => {
    const unavailable = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const response = problemResponse(unavailable, "r1");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});
