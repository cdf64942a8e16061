import { describe, expect, it } from "vitest";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "@/lib/api/json-body";

const URL_ = "http://localhost/api/v1/patients";

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }): Request {
  return new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A body streamed in chunks, with no Content-Length: what a chunked upload looks like. */
function streamed(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const chunk = new Uint8Array(Math.min(64 * 1024, size - sent)).fill(0x20);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe("readJsonBody", () => {
  it("reads JSON sent as application/json, with or without a UTF-8 charset, and +json types", async () => {
    expect(await readJsonBody(post('{"city":"Zürich"}'))).toEqual({ city: "Zürich" });
    expect(await readJsonBody(post('{"a":1}', { "content-type": "application/json; charset=UTF-8" }))).toEqual({ a: 1 });
    expect(await readJsonBody(post('{"a":1}', { "content-type": "application/merge-patch+json" }))).toEqual({ a: 1 });
  });

  it.each([
    ["text/plain", "text/plain"],
    ["form encoded", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
    ["another charset", "application/json; charset=latin1"],
    ["a look-alike", "application/jsonp"],
  ])("refuses %s with 415", async (_label, contentType) => {
    await expect(readJsonBody(post('{"a":1}', { "content-type": contentType }))).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", status: 415 });
  });

  it("refuses a body without a Content-Type with 415", async () => {
    const request = new Request(URL_, { method: "POST", body: new Blob(['{"a":1}']) });
    expect(request.headers.get("content-type")).toBeNull();
    await expect(readJsonBody(request)).rejects.toMatchObject({ status: 415 });
  });

  it("refuses a body over the limit with 413: by its Content-Length, and while it streams without one", async () => {
    const declared = post("{}", { "content-type": "application/json", "content-length": String(MAX_JSON_BODY_BYTES + 1) });
    await expect(readJsonBody(declared)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    await expect(readJsonBody(post(streamed(MAX_JSON_BODY_BYTES + 1)))).rejects.toMatchObject({ status: 413 });
    await expect(readJsonBody(post(`{"note":"${"x".repeat(MAX_JSON_BODY_BYTES)}"}`))).rejects.toMatchObject({ status: 413 });
  });

  it("reads a body exactly at the limit", async () => {
    const text = `"${"x".repeat(MAX_JSON_BODY_BYTES - 2)}"`;
    expect(await readJsonBody(post(text))).toHaveLength(MAX_JSON_BODY_BYTES - 2);
  });

  it.each([
    ["an empty body", "", "Required"],
    ["malformed JSON", "{not json", "Malformed JSON"],
    ["bytes that are not UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), "Not UTF-8"],
  ])("refuses %s with 422", async (_label, body, message) => {
    await expect(readJsonBody(post(body))).rejects.toMatchObject({ code: "INVALID", status: 422, fieldErrors: { _body: [message] } });
  });
});
