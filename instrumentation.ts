// Runs once as the server starts (never during `next build`): an invalid environment — a configured database
// without its ENCRYPTION_KEY, say — stops the start with one line, instead of failing every request later.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  // The web process publishes its own pool and cache figures for the dashboards, like the MLLP and worker processes.
  const { startInstanceMetrics } = await import("@/lib/metrics/publisher");
  startInstanceMetrics("web");
}
