import { startCluster } from "@/lib/testing/cluster/cluster";

// `npm run cluster`: two web servers (from the last `npm run build`), two MLLP listeners and two workers on the
// configured DATABASE_URL and REDIS_URL, behind a round-robin HTTP front (FRONT_PORT, default 3000) and a round-robin
// MLLP front (MLLP_PORT, default 2575). Ctrl-C stops them all. For trying several instances on one machine; a real
// deployment puts a real load balancer in front (README: Deployment).

// Without these each process would fall back to something of its own (an embedded database, an in-process cache, a
// generated secret), and the instances would share nothing.
const missing = ["DATABASE_URL", "REDIS_URL", "NEXTAUTH_SECRET"].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`npm run cluster: set ${missing.join(", ")} (shared by every instance; see README: Environment)`);
  process.exit(1);
}

const httpPort = Number(process.env.FRONT_PORT ?? 3000);
const mllpPort = Number(process.env.MLLP_PORT ?? 2575);
const cluster = await startCluster({
  env: { ...process.env, NODE_ENV: "production" },
  httpPort,
  mllpPort,
  log: (name, text) => {
    for (const line of text.trimEnd().split("\n")) process.stdout.write(`[${name}] ${line}\n`);
  },
});
const list = (entries: { pid: number; port: number | null }[]) => entries.map((entry) => (entry.port === null ? `pid ${entry.pid}` : `:${entry.port} (pid ${entry.pid})`)).join(", ");
console.log(`Meridian cluster ready
  web:    ${cluster.url}  →  ${list(cluster.web)}
  MLLP:   127.0.0.1:${cluster.mllpPort}  →  ${list(cluster.mllp)}
  worker: ${list(cluster.workers)}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("stopping the cluster…");
    void cluster.stop().then(() => process.exit(0));
  });
}
