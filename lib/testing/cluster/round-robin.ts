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

/** Proxies HTTP to `ports` round-robin, headers and cookies as they are; INSTANCE_HEADER pins a request. */
export async function startHttpFront(ports: readonly number[], listenPort = 0): Promise<Front> {
  const nextBackend = rotation(ports.length);
  const served = ports.map(() => 0);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const pinned = Number(req.headers[INSTANCE_HEADER]);
    const index = Number.isInteger(pinned) && pinned >= 0 && pinned < ports.length ? pinned : nextBackend();
    served[index] = (served[index] ?? 0) + 1;
    const upstream = http.request(
      { host: "127.0.0.1", port: backendPort(ports, index), method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [INSTANCE_HEADER]: String(index) });
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { [INSTANCE_HEADER]: String(index) });
      res.end();
    });
    req.pipe(upstream);
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
