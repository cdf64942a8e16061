import http from "node:http";
import net from "node:net";
import { once } from "node:events";

// A load balancer small enough to read, for tests and `npm run cluster` only: HTTP requests and TCP connections go
// to the next backend in turn. Nothing about a client is remembered between requests (no sticky sessions), so
// whatever the app needs to share between instances must be in PostgreSQL or Redis.

/** Sent to pin a request to one backend (its index); answered on every response with the index that served it. */
export const INSTANCE_HEADER = "x-cluster-instance";

export interface Front {
  port: number;
  /** How many requests or connections each backend has taken. */
  served: number[];
  close(): Promise<void>;
}

async function listen(server: net.Server, port: number): Promise<number> {
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as net.AddressInfo).port;
}

function backendPort(ports: readonly number[], index: number): number {
  const port = ports[index];
  if (port === undefined) throw new Error(`no backend ${index}`);
  return port;
}

function rotation(count: number): () => number {
  let next = 0;
  return () => {
    const chosen = next;
    next = (next + 1) % count;
    return chosen;
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A safe request without a body: the front may send it again. */
function resendable(req: http.IncomingMessage): boolean {
  return SAFE_METHODS.has(req.method ?? "") && req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined;
}

/**
 * A kept-alive connection the backend closed (its idle timeout) just as the front reused it: the request never
 * reached the backend, so a resendable one is sent again on a new connection, as load balancers do.
 */
function closedWhileIdle(upstream: http.ClientRequest, error: NodeJS.ErrnoException): boolean {
  return upstream.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
}

/** Proxies HTTP to `ports` round-robin, headers and cookies as they are; INSTANCE_HEADER pins a request. */
export async function startHttpFront(ports: readonly number[], listenPort = 0): Promise<Front> {
  const nextBackend = rotation(ports.length);
  const served = ports.map(() => 0);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const pinned = Number(req.headers[INSTANCE_HEADER]);
    const index = Number.isInteger(pinned) && pinned >= 0 && pinned < ports.length ? pinned : nextBackend();
    served[index] = (served[index] ?? 0) + 1;
    const canResend = resendable(req);
    const forward = (retried: boolean) => {
      const upstream = http.request(
        { host: "127.0.0.1", port: backendPort(ports, index), method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [INSTANCE_HEADER]: String(index) });
          answer.pipe(res);
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (canResend && !retried && closedWhileIdle(upstream, error)) return forward(true);
        if (!res.headersSent) res.writeHead(502, { [INSTANCE_HEADER]: String(index) });
        res.end();
      });
      if (canResend) upstream.end();
      else req.pipe(upstream);
    };
    if (canResend) req.resume();
    forward(false);
  });
  const port = await listen(server, listenPort);
  return {
    port,
    served,
    async close() {
      server.closeAllConnections();
      server.close();
      agent.destroy();
      await once(server, "close");
    },
  };
}

/** Passes each TCP connection (MLLP) whole to the next of `ports`. */
export async function startTcpFront(ports: readonly number[], listenPort = 0): Promise<Front> {
  const nextBackend = rotation(ports.length);
  const served = ports.map(() => 0);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const index = nextBackend();
    served[index] = (served[index] ?? 0) + 1;
    const backend = net.connect({ host: "127.0.0.1", port: backendPort(ports, index) });
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    }
    client.on("error", () => backend.destroy());
    backend.on("error", () => client.destroy());
    client.pipe(backend).pipe(client);
  });
  const port = await listen(server, listenPort);
  return {
    port,
    served,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
