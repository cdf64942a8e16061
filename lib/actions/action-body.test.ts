import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { isDecodableFetchCall, isDecodableFormPost } from "@/lib/actions/action-body";

// React's own client encoder, the one the browser uses to call a server action.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-turbopack/client.node") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe("isDecodableFetchCall", () => {
  it("accepts every argument list the browser sends for this app's actions", async () => {
    const fields = form({ email: "a@example.test", role: "clinician", note: "$not a reference" });
    const previous = { ok: false, code: "INVALID", message: "Required", fieldErrors: { email: ["Required"] }, requestId: "r-1" };
    const calls = [[{ patientId: "p-1", reason: "chest pain" }], [null, fields], [previous, fields], [undefined, fields], [{ at: new Date(), text: "$5", big: 10n, none: undefined, nan: NaN, zero: -0 }], []];
    for (const args of calls) expect(isDecodableFetchCall(await encodeReply(args)), JSON.stringify(args, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))).toBe(true);
  });

  // Each of these answered 500 from Next.js before the proxy refused it.
  const undecodable = ['"$Q1"', '"$T"', '["$h1"]', '["$F1"]', '["$B1"]', '["$S"]', "1", "null", '["$i1"]', '["$l1"]', '["$a1"]', '["$1"]', '["$1:a"]', '["$ff"]', '["$nabc"]', '[{"deep":["$Q2"]}]', "{not json", ""];
  for (const body of undecodable) {
    it(`refuses ${JSON.stringify(body)}`, () => {
      expect(isDecodableFetchCall(body)).toBe(false);
      expect(isDecodableFetchCall(form({ "0": body }))).toBe(false);
    });
  }

  it("refuses a form call without its argument list", () => {
    expect(isDecodableFetchCall(form({ "_1_a": "b" }))).toBe(false);
  });
});

describe("isDecodableFormPost", () => {
  it("accepts a plain action id and a reference with or without bound arguments", async () => {
    expect(isDecodableFormPost(form({ $ACTION_ID_abc: "", email: "a@example.test" }))).toBe(true);
    expect(isDecodableFormPost(form({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":null}' }))).toBe(true);
    const bound = await encodeReply([{ ok: true }]);
    expect(typeof bound).toBe("string");
    expect(isDecodableFormPost(form({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":"$@1"}', "$ACTION_1:1": String(bound) }))).toBe(true);
    expect(isDecodableFormPost(form({ a: "b" }))).toBe(true);
  });

  it("refuses references whose metadata or bound arguments Next.js could not decode", () => {
    const broken: Record<string, string>[] = [
      { $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":"$@1"}' },
      { $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":"$@1"}', "$ACTION_1:1": "garbage" },
      { $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":"$@1"}', "$ACTION_1:1": '["$Q5"]' },
      { $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":"$Q1"}' },
      { $ACTION_REF_1: "", "$ACTION_1:0": "[]" },
      { $ACTION_REF_1: "", "$ACTION_1:0": '{"id":5,"bound":null}' },
      { $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"$Q1","bound":null}' },
      { $ACTION_REF_1: "" },
    ];
    for (const fields of broken) expect(isDecodableFormPost(form(fields)), JSON.stringify(fields)).toBe(false);
  });
});
