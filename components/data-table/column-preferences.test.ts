import { describe, expect, it } from "vitest";
import { columnsCookieName, visibilityState, visibleColumnsFrom, visibleColumnsOf } from "@/components/data-table/column-preferences";

const choice = { columns: ["a", "b", "c", "d"], defaults: ["b", "c"] };

describe("remembered column choice", () => {
  it("shows the defaults until a choice is remembered", () => {
    expect(visibleColumnsFrom(undefined, choice)).toEqual(["b", "c"]);
    expect(visibleColumnsFrom("", choice)).toEqual(["b", "c"]);
  });

  it("keeps only known columns, in table order, and falls back when none is known", () => {
    expect(visibleColumnsFrom("d.a", choice)).toEqual(["a", "d"]);
    expect(visibleColumnsFrom("d.x.<script>", choice)).toEqual(["d"]);
    expect(visibleColumnsFrom("x.y", choice)).toEqual(["b", "c"]);
  });

  it("turns a choice into TanStack visibility state and back", () => {
    const state = visibilityState(["a", "c"], choice);
    expect(state).toEqual({ a: true, b: false, c: true, d: false });
    expect(visibleColumnsOf({ ...state, b: true }, choice)).toEqual(["a", "b", "c"]);
  });

  it("keys the cookie by table and user, so users of one browser keep their own", () => {
    expect(columnsCookieName("audit-events", "u1")).not.toBe(columnsCookieName("audit-events", "u2"));
  });
});
