import { startEmbeddedPostgres } from "@/lib/dev/embedded-postgres";

// A named embedded PostgreSQL cluster in a process of its own, for tests that stop and start a server while others
// use it: prints "ready <port> <url of the postgres database>", and stops the server (fast shutdown) on SIGTERM.

const name = process.argv[2];
if (!name) throw new Error("usage: embedded-postgres-process.ts <cluster name>");
const server = await startEmbeddedPostgres(name);
console.log(`ready ${server.port} ${server.urlFor("postgres")}`);
process.on("SIGTERM", () => {
  void server.stop().then(() => process.exit(0));
});
setInterval(() => undefined, 60_000);
