// The web server: `npm start`, the browser tests' server and `npm run dev` all start Next.js through this file.
// The app router never sees the TCP socket, and Next.js keeps a client's own X-Forwarded-For, so the client's address
// is settled here, before Next.js reads the request: the socket's peer, or what TRUSTED_PROXY_HOPS proxies appended.
// Plain JavaScript so that production needs no TypeScript runtime. It is also the entry of the standalone build (the
// Dockerfile copies it beside <distDir>/standalone's files): the server.js Next.js writes there would skip all this.
//
//   node scripts/server.mjs [--dev] [-p PORT] [-H HOSTNAME]     (port 0 picks a free port; the ready line names it)
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseTrustedHops, trustForwardedHeaders } from "./server/forwarded.mjs";
import { markUnrepresentableMethod } from "./server/methods.mjs";

function fail(message) {
  console.error(`meridian: ${message}`);
  process.exit(1);
}

const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/**
 * Runs production with the configuration `next build` resolved, as the standalone server.js does: the standalone
 * folder has no next.config.ts (nor the TypeScript to load one), and Next.js warns that an `output: "standalone"`
 * build started without it is misconfigured.
 */
function applyBuildConfig(dir) {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const manifest = path.join(dir, distDir, "required-server-files.json");
  try {
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(readFileSync(manifest, "utf8")).config);
  } catch (error) {
    fail(`no production build in ${path.join(dir, distDir)} (run \`npm run build\` first): ${messageOf(error)}`);
  }
}

const { values: args } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const dev = args.dev;
process.env.NODE_ENV ??= dev ? "development" : "production";
const portText = args.port ?? process.env.PORT ?? "3000";
if (!/^\d{1,5}$/.test(portText)) fail(`the port must be a number, not "${portText}"`);
const hostname = args.hostname ?? process.env.HOSTNAME;

const { default: next } = await import("next");

// Requests that arrive while Next.js prepares wait for it.
let started;
const ready = new Promise((resolve) => (started = resolve));
const server = createServer((req, res) => {
  // TRACE and TRACK reach the proxy's 405 as a marked OPTIONS: Next.js cannot build a fetch Request for them.
  markUnrepresentableMethod(req);
  void ready.then(({ handle, trustedHops }) => {
    trustForwardedHeaders(req.headers, req.socket.remoteAddress, trustedHops);
    return handle(req, res);
  });
});

server.once("error", (error) => {
  fail(error?.code === "EADDRINUSE" ? `port ${portText} is already in use: stop what runs there or choose another with -p` : messageOf(error));
});
await new Promise((resolve) => server.listen(Number(portText), hostname, resolve));
const address = server.address();
const port = typeof address === "object" && address ? address.port : Number(portText);

const dir = path.resolve(import.meta.dirname, "..");
if (!dev) applyBuildConfig(dir);
const app = next({ dev, dir, hostname: hostname ?? "localhost", port, httpServer: server });
await app.prepare().catch((error) => fail(`Next.js could not start: ${messageOf(error)}`));
let trustedHops = 0;
try {
  // Read after prepare(): Next.js has loaded the .env files into process.env by then.
  trustedHops = parseTrustedHops(process.env.TRUSTED_PROXY_HOPS);
} catch (error) {
  fail(messageOf(error));
}
started({ handle: app.getRequestHandler(), trustedHops });
console.log(`meridian: ready on http://${hostname ?? "localhost"}:${port} (${process.env.NODE_ENV}, trusted proxy hops: ${trustedHops})`);
