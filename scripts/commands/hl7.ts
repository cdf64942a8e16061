import { readFile } from "node:fs/promises";
import type tls from "node:tls";
import type { Command } from "commander";
import { cliContext } from "@/lib/auth/cli-context";
import { summarizeAcks } from "@/lib/hl7/cli/ack-summary";
import { messagesOfFile } from "@/lib/hl7/cli/message-file";
import { connectMllp } from "@/lib/hl7/mllp/client";
import { trustedCertificateAuthorities } from "@/lib/security/certificate-authorities";
import { integer } from "@/scripts/commands/arguments";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

const ACCEPTED = new Set(["AA", "CA"]);

interface SendOptions {
  host: string;
  port: number;
  timeout: number;
  tls?: boolean;
  /** PEM files: a CA to trust besides the public ones; a client certificate and its key (mutual TLS). */
  ca?: string;
  cert?: string;
  key?: string;
}

/** node:tls options of `--tls` (implied by --ca/--cert/--key), or undefined for plain MLLP. */
async function tlsOptions(options: SendOptions): Promise<tls.ConnectionOptions | undefined> {
  if (!options.tls && !options.ca && !options.cert && !options.key) return undefined;
  if (!options.cert !== !options.key) throw new Error("--cert and --key go together (the client certificate and its private key)");
  return {
    ...(options.ca ? { ca: trustedCertificateAuthorities(options.ca, "--ca") } : {}),
    ...(options.cert && options.key ? { cert: await readFile(options.cert), key: await readFile(options.key) } : {}),
  };
}

/** Sends every message of every file over MLLP, one at a time, printing each ACK; 1 unless every one was accepted. */
export async function runHl7Send(files: string[], options: SendOptions): Promise<0 | 1> {
  const secured = await tlsOptions(options);
  const client = await connectMllp(options.host, options.port, { replyTimeoutMs: options.timeout * 1000, ...(secured ? { tls: secured } : {}) });
  let allAccepted = true;
  try {
    for (const file of files) {
      for (const message of messagesOfFile(await readFile(file))) {
        for (const ack of summarizeAcks(await client.send(message))) {
          allAccepted &&= ACCEPTED.has(ack.code);
          console.log(`${file}: ${ack.code} ${ack.controlId || "(no control id)"}${ack.error ? ` — ${ack.error}` : ""}`);
        }
      }
    }
  } finally {
    await client.close();
  }
  return allAccepted ? 0 : 1;
}

interface ReprocessOptions {
  since?: string;
  limit: number;
  id?: string[];
}

/** Reprocesses failed inbound messages (or the given ids) as an administrator; 1 if any failed again. */
export async function runHl7Reprocess(options: ReprocessOptions): Promise<0 | 1> {
  const { findReprocessable, reprocessMessages } = await import("@/lib/hl7/ingest/reprocess");
  const ctx = cliContext("hl7 reprocess", "admin");
  const since = options.since ? new Date(options.since) : undefined;
  if (since && Number.isNaN(since.getTime())) throw new Error(`--since ${options.since} is not a date (use e.g. 2026-12-01 or 2026-12-01T08:00:00Z)`);
  const ids = options.id?.length ? options.id : await findReprocessable(ctx, { since, limit: options.limit });
  if (ids.length === 0) {
    console.log("no failed messages to reprocess");
    return 0;
  }
  let failures = 0;
  for (const outcome of await reprocessMessages(ctx, ids)) {
    if (outcome.result !== "processed") failures += 1;
    const detail = outcome.result === "failed" ? ` (${outcome.ackCode}) ${outcome.errorMessage ?? ""}` : outcome.ackCode ? ` (${outcome.ackCode})` : "";
    console.log(`${outcome.id}: ${outcome.result.replace("_", " ")}${detail}${outcome.retryCount !== null ? `, retry ${outcome.retryCount}` : ""}`);
  }
  console.log(`${ids.length - failures} of ${ids.length} reprocessed`);
  return failures === 0 ? 0 : 1;
}

export function registerHl7Commands(program: Command): void {
  const hl7 = program.command("hl7").description("HL7 v2 messages");
  hl7
    .command("send")
    .description("send HL7 v2 message files over MLLP and print each ACK; exits 1 unless every message was accepted")
    .argument("<files...>", "files of one or more messages (segments separated by \\r, \\n or \\r\\n), or an FHS/BHS batch")
    .option("--host <host>", "listener host", "127.0.0.1")
    .option("--port <port>", "listener port (MLLP_PORT)", integer(1), Number(process.env.MLLP_PORT ?? 2575))
    .option("--timeout <seconds>", "seconds to wait for each ACK", integer(1), 30)
    .option("--tls", "MLLP over TLS, verifying the listener's certificate and name")
    .option("--ca <file>", "PEM bundle of a private CA to trust as well (implies --tls)")
    .option("--cert <file>", "client certificate, PEM, for mutual TLS (with --key; implies --tls)")
    .option("--key <file>", "the client certificate's private key, PEM")
    .action(async (files: string[], options: SendOptions) => {
      process.exitCode = await runHl7Send(files, options);
    });
  hl7
    .command("reprocess")
    .description("apply failed inbound messages again (oldest first); exits 1 if any failed again")
    .option("--status <status>", "which messages: failed (the only status reprocessed)", "failed")
    .option("--since <date>", "only messages received at or after this date/time")
    .option("--limit <n>", "at most this many messages", integer(1), 100)
    .option("--id <id...>", "these message ids instead of a search")
    .action((options: ReprocessOptions & { status: string }) =>
      withDatabaseUrl(async () => {
        if (options.status !== "failed") throw new Error(`--status ${options.status}: only failed messages are reprocessed`);
        process.exitCode = await runHl7Reprocess(options);
      }),
    );
}
