import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectMllp } from "@/lib/hl7/mllp/client";
import { encodeFrame, MllpDecoder } from "@/lib/hl7/mllp/framing";
import { startMllpServer, type FrameHandler, type MllpLogger, type MllpServer } from "@/lib/hl7/mllp/server";

interface LogLine {
  details: Record<string, unknown>;
  message: string;
}

const servers: MllpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function listen(handle: FrameHandler, overrides: { maxFrameBytes?: number; idleTimeoutMs?: number; answerOversize?: (length: number, limit: number) => Buffer } = {}) {
  const logs: LogLine[] = [];
  const record = (details: Record<string, unknown>, message: string) => void logs.push({ details, message });
  const logger: MllpLogger = { info: record, warn: record, error: record };
  const server = await startMllpServer({ host: "127.0.0.1", port: 0, maxFrameBytes: overrides.maxFrameBytes ?? 1000, idleTimeoutMs: overrides.idleTimeoutMs ?? 5000, handle, answerOversize: overrides.answerOversize, logger });
  servers.push(server);
  return { server, logs };
}

const reply: FrameHandler = async (payload) => Buffer.from(`ACK ${payload.toString()}`);

/** A raw socket: what it receives, decoded as frames, and whether the server closed it. */
async function rawConnection(port: number) {
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise((resolve) => socket.once("connect", resolve));
  const decoder = new MllpDecoder(100_000);
  const frames: string[] = [];
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("data", (data) => decoder.push(data).forEach((event) => event.kind === "frame" && frames.push(event.payload.toString())));
  return { socket, frames, closed };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("MLLP server", () => {
  it("answers each message on a connection, in order", async () => {
    const { server } = await listen(reply);
    const client = await connectMllp("127.0.0.1", server.port, { replyTimeoutMs: 2000 });
    expect((await client.send("MSH|1")).toString()).toBe("ACK MSH|1");
    expect((await client.send("MSH|2")).toString()).toBe("ACK MSH|2");
    await client.close();
  });

  it("answers frames split across writes and several frames in one write", async () => {
    const { server } = await listen(reply);
    const { socket, frames } = await rawConnection(server.port);
    const joined = Buffer.concat([encodeFrame("A"), encodeFrame("B"), encodeFrame("C")]);
    socket.write(joined.subarray(0, 4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.write(joined.subarray(4));
    await until(() => frames.length === 3);
    expect(frames).toEqual(["ACK A", "ACK B", "ACK C"]);
    socket.end();
  });

  it("serves many connections at once", async () => {
    const { server } = await listen(async (payload) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return Buffer.from(`ACK ${payload.toString()}`);
    });
    const clients = await Promise.all(Array.from({ length: 20 }, () => connectMllp("127.0.0.1", server.port, { replyTimeoutMs: 5000 })));
    const replies = await Promise.all(clients.map((client, index) => client.send(`M${index}`)));
    expect(replies.map(String)).toEqual(clients.map((_, index) => `ACK M${index}`));
    await Promise.all(clients.map((client) => client.close()));
  });

  it("logs the offending bytes of broken framing and keeps serving", async () => {
    const { server, logs } = await listen(reply);
    const { socket, frames } = await rawConnection(server.port);
    socket.write(Buffer.concat([Buffer.from("MSH|no start block\r"), encodeFrame("ok")]));
    await until(() => frames.length === 1);
    expect(frames).toEqual(["ACK ok"]);
    expect(logs.find((line) => line.message.startsWith("MLLP framing error"))?.details).toMatchObject({ bytes: "MSH|no start block<0x0d>" });
    socket.end();
  });

  it("skips a frame over the size limit and answers the next", async () => {
    const { server, logs } = await listen(reply, { maxFrameBytes: 100 });
    const { socket, frames } = await rawConnection(server.port);
    socket.write(Buffer.concat([encodeFrame("x".repeat(5000)), encodeFrame("small")]));
    await until(() => frames.length === 1);
    expect(frames).toEqual(["ACK small"]);
    expect(logs.some((line) => line.message.includes("over the size limit"))).toBe(true);
    socket.end();
  });

  it("answers an oversize frame, when told how, in its place among the answers", async () => {
    const { server } = await listen(reply, { maxFrameBytes: 100, answerOversize: (length, limit) => Buffer.from(`TOO BIG ${limit}`) });
    const { socket, frames } = await rawConnection(server.port);
    socket.write(Buffer.concat([encodeFrame("first"), encodeFrame("x".repeat(5000)), encodeFrame("small")]));
    await until(() => frames.length === 3);
    expect(frames).toEqual(["ACK first", "TOO BIG 100", "ACK small"]);
    socket.end();
  });

  it("closes an idle connection, and a half-open one stuck in the middle of a frame", async () => {
    const { server, logs } = await listen(reply, { idleTimeoutMs: 200 });
    const idle = await rawConnection(server.port);
    await idle.closed;
    const stuck = await rawConnection(server.port);
    stuck.socket.write(Buffer.from("\x0bMSH|half a message"));
    await stuck.closed;
    expect(logs.some((line) => line.message.includes("idle in the middle of a frame"))).toBe(true);
  });

  it("on close, answers the frames it holds before closing the connection", async () => {
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { server } = await listen(async (payload) => {
      await held;
      return Buffer.from(`ACK ${payload.toString()}`);
    });
    servers.pop();
    const { socket, frames, closed } = await rawConnection(server.port);
    socket.write(Buffer.concat([encodeFrame("one"), encodeFrame("two")]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.close();
    await expect(connectMllp("127.0.0.1", server.port, { replyTimeoutMs: 500 })).rejects.toThrow();
    release();
    await closing;
    await closed;
    expect(frames).toEqual(["ACK one", "ACK two"]);
  });

  it("drops the connection without an answer when a message cannot be committed, and keeps serving others", async () => {
    const { server, logs } = await listen(async (payload) => {
      if (payload.toString() === "fails") throw new Error("database unavailable");
      return Buffer.from(`ACK ${payload.toString()}`);
    });
    const { socket, frames, closed } = await rawConnection(server.port);
    socket.write(Buffer.concat([encodeFrame("fails"), encodeFrame("after")]));
    await closed;
    expect(frames).toEqual([]);
    expect(logs.some((line) => line.message.includes("dropped without an ACK"))).toBe(true);
    const client = await connectMllp("127.0.0.1", server.port, { replyTimeoutMs: 2000 });
    expect((await client.send("next")).toString()).toBe("ACK next");
    await client.close();
  });
});
