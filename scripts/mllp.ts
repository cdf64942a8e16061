import { disconnectCache } from "@/lib/cache";
import { disconnectDb } from "@/lib/db/client";
import { startupFailureLine } from "@/lib/dev/startup-error";
import { env } from "@/lib/env";
import { startHl7Listener } from "@/lib/hl7/mllp/listener";
import { mllpTlsFromEnv } from "@/lib/hl7/mllp/tls";
import { logger } from "@/lib/logger";
import { requireMigrated } from "@/scripts/require-migrated";
import { startInstanceMetrics } from "@/lib/metrics/publisher";

// `npm run mllp`: the HL7 v2 MLLP listener on MLLP_PORT (default 2575), over TLS when MLLP_TLS_CERT/KEY are set,
// against DATABASE_URL. SIGTERM or SIGINT stop it gracefully: no new connections, every message received is committed
// and acknowledged, then it exits. It runs as one node process with tsx as a loader: the tsx command's wrapper would
// SIGKILL it when a busy listener takes more than 30 ms to acknowledge a relayed signal.

async function start() {
  const settings = env();
  // Before the database: a wrong certificate path is the likelier mistake, and needs no server to report.
  const tls = mllpTlsFromEnv(settings);
  await requireMigrated(settings.DIRECT_DATABASE_URL);
  return startHl7Listener({ tls });
}

let listener: Awaited<ReturnType<typeof startHl7Listener>>;
try {
  listener = await start();
} catch (error) {
  console.error(`The MLLP listener could not start: ${startupFailureLine(error)}`);
  process.exit(1);
}
const metrics = startInstanceMetrics("mllp");
console.log(`HL7 MLLP listener on ${env().MLLP_HOST}:${listener.port}${listener.tls ? " (TLS)" : ""}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "MLLP listener stopping: answering what it holds");
  metrics.stop();
  await listener.close();
  await disconnectDb();
  await disconnectCache();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));
