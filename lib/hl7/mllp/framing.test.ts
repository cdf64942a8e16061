import { describe, expect, it } from "vitest";
import { encodeFrame, MllpDecoder, type MllpEvent } from "@/lib/hl7/mllp/framing";

const frames = (events: MllpEvent[]) => events.filter((event) => event.kind === "frame").map((event) => event.payload.toString());

describe("MllpDecoder", () => {
  it("decodes one frame", () => {
    expect(frames(new MllpDecoder(1000).push(encodeFrame("MSH|one")))).toEqual(["MSH|one"]);
  });

  it("reassembles a frame split across reads, byte by byte", () => {
    const decoder = new MllpDecoder(1000);
    const bytes = encodeFrame("MSH|split");
    const events = [...bytes].flatMap((byte) => decoder.push(Buffer.from([byte])));
    expect(frames(events)).toEqual(["MSH|split"]);
  });

  it("decodes several frames in one read", () => {
    const data = Buffer.concat([encodeFrame("A"), encodeFrame("B"), encodeFrame("C")]);
    expect(frames(new MllpDecoder(1000).push(data))).toEqual(["A", "B", "C"]);
  });

  it("reports bytes outside a frame with a readable preview and still decodes the next frame", () => {
    const events = new MllpDecoder(1000).push(Buffer.concat([Buffer.from("GET / HTTP/1.1\r\n\x00"), encodeFrame("MSH|ok")]));
    expect(events[0]).toMatchObject({ kind: "garbage", preview: "GET / HTTP/1.1<0x0d><0x0a><0x00>" });
    expect(frames(events)).toEqual(["MSH|ok"]);
  });

  it("ignores line breaks between frames", () => {
    const events = new MllpDecoder(1000).push(Buffer.concat([encodeFrame("A"), Buffer.from("\n"), encodeFrame("B")]));
    expect(events.map((event) => event.kind)).toEqual(["frame", "frame"]);
  });

  it("reports a frame interrupted by a new start block", () => {
    const events = new MllpDecoder(1000).push(Buffer.concat([Buffer.from("\x0bMSH|cut"), encodeFrame("MSH|whole")]));
    expect(events[0]).toMatchObject({ kind: "garbage", preview: "MSH|cut" });
    expect(frames(events)).toEqual(["MSH|whole"]);
  });

  it("skips an oversize frame without holding it, then decodes the next", () => {
    const decoder = new MllpDecoder(10);
    const events = decoder.push(Buffer.from("\x0b" + "x".repeat(8)));
    events.push(...decoder.push(Buffer.from("y".repeat(1000))));
    expect(decoder.pendingBytes).toBe(0);
    events.push(...decoder.push(Buffer.concat([Buffer.from("\x1c\x0d"), encodeFrame("ok")])));
    expect(events.filter((event) => event.kind === "oversize")).toHaveLength(1);
    expect(frames(events)).toEqual(["ok"]);
  });

  it("tolerates an end block without its carriage return", () => {
    expect(frames(new MllpDecoder(100).push(Buffer.from("\x0bA\x1c\x0bB\x1c\x0d")))).toEqual(["A", "B"]);
  });

  it("reports a half-sent frame when the connection closes", () => {
    const decoder = new MllpDecoder(100);
    decoder.push(Buffer.from("\x0bMSH|half"));
    expect(decoder.midFrame).toBe(true);
    expect(decoder.end()).toEqual([{ kind: "garbage", preview: "MSH|half", length: 8, reason: "connection closed in the middle of a frame" }]);
  });
});
