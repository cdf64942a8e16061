import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { cliContext } from "@/lib/auth/cli-context";
import { keyUsage, rotateKeys, type RotationProgress } from "@/lib/secrets/rotation";
import { currentKeyId } from "@/lib/secrets/keyring";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

function progressBar(enabled: boolean): { update(progress: RotationProgress): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: "{label} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted}", hideCursor: true }, Presets.shades_classic);
  let current: string | null = null;
  return {
    update(progress) {
      if (progress.label !== current) {
        if (current !== null) bar.stop();
        bar.start(progress.total, progress.done, { label: progress.label.padEnd(18) });
        current = progress.label;
      }
      bar.update(progress.done);
    },
    stop: () => bar.stop(),
  };
}

async function printStatus(): Promise<number> {
  const keyId = currentKeyId();
  let stale = 0;
  console.log(`newest key: ${keyId}`);
  for (const usage of await keyUsage()) {
    const parts = Object.entries(usage.byKey).map(([id, count]) => `${id}: ${count}`);
    console.log(`${usage.label}: ${parts.length > 0 ? parts.join(", ") : "none stored"}`);
    stale += Object.entries(usage.byKey).reduce((sum, [id, count]) => sum + (id === keyId ? 0 : count), 0);
  }
  return stale;
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command("keys").description("encryption keys (ENCRYPTION_KEYS)");
  keys
    .command("status")
    .description("how many SSNs and connection secrets each key encrypts and audit checkpoints it signed; exits 2 while any is not under the newest key")
    .action(() =>
      withDatabaseUrl(async () => {
        const stale = await printStatus();
        if (stale > 0) console.log(`${stale} value(s) not under the newest key: run \`keys rotate\``);
        process.exitCode = stale > 0 ? 2 : 0;
      }),
    );
  keys
    .command("rotate")
    .description("re-encrypt every SSN and connection secret, and re-sign every audit checkpoint, with the newest key, in batches; safe to stop and run again")
    .option("--batch-size <n>", "rows per transaction", (value) => Number.parseInt(value, 10), 1000)
    .option("--dry-run", "only report what would be re-encrypted")
    .option("--no-progress", "no progress bar")
    .action((options: { batchSize: number; dryRun?: boolean; progress: boolean }) =>
      withDatabaseUrl(async () => {
        if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error("--batch-size must be a whole number above 0");
        if (options.dryRun) {
          const stale = await printStatus();
          console.log(`${stale} value(s) would be re-encrypted with key ${currentKeyId()}`);
          return;
        }
        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        const bar = progressBar(options.progress && process.stderr.isTTY === true);
        const result = await rotateKeys(cliContext("keys rotate", "admin"), { batchSize: options.batchSize, onProgress: bar.update, signal: abort.signal }).finally(() => bar.stop());
        const counts = Object.entries(result.rotated).filter(([, count]) => count > 0).map(([label, count]) => `${count} ${label}`).join(", ");
        if (result.completed) {
          console.log(`Re-encrypted with key ${result.keyId}: ${counts || "nothing to do"}${result.skipped ? ` (${result.skipped} edited meanwhile and left as edited; keys status confirms)` : ""}.`);
        } else {
          console.error(`Stopped: ${counts || "nothing"} re-encrypted so far; run \`keys rotate\` again to continue.`);
          process.exitCode = 130;
        }
      }),
    );
}
