import http from "node:http";
import { once } from "node:events";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startHttpFront, type Front } from "@/lib/testing/cluster/round-robin";

// The front keeps connections to its backends alive. A backend may close one of them (its keep-alive timeout) just as
// the front sends the next request on it: that request never reached the backend. The backend below plays that
// moment deterministically by dropping every second request that arrives on a connection it has already answered on.

interface Backend {
  port: number;
  seen: string[];
  close(): Promise<void>;
}

async function startBackend(): Promise<Backend> {
  const seen: string[] = [];
  const answered = new WeakSet<net.Socket>();
  const server = http.createServer((req, res) => {
    if (answered.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    answered.add(req.socket);
    req.resume();
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      res.end("ok");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** A client that keeps its connection alive, as browsers do (the front passes that on to the backend). */
const client = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path, agent: client }, (answer) => {
      answer.resume();
      answer.on("end", () => resolve(answer.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(body);
  });
}

describe("the round-robin HTTP front", () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    client.destroy();
    for (const item of open.splice(0).reverse()) await item.close();
  });

  async function frontOverOneBackend(): Promise<{ backend: Backend; front: Front }> {
    const backend = await startBackend();
    open.push(backend);
    const front = await startHttpFront([backend.port]);
    open.push(front);
    return { backend, front };
  }

  it("sends a GET again on a new connection when the kept-alive one was closed under it", async () => {
    const { backend, front } = await frontOverOneBackend();
    expect(await send(front.port, "GET", "/first")).toBe(200);
    expect(await send(front.port, "GET", "/second")).toBe(200);
    expect(backend.seen).toEqual(["GET /first", "GET /second"]);
  });

  it("answers 502 for a request with a body rather than sending it twice", async () => {
    const { backend, front } = await frontOverOneBackend();
    expect(await send(front.port, "GET", "/first")).toBe(200);
    expect(await send(front.port, "POST", "/write", "payload")).toBe(502);
    expect(backend.seen).toEqual(["GET /first"]);
  });
});
