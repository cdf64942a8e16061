import "server-only";
import { keyring, type Keyring } from "@/lib/secrets/keyring";
import { buildDemoDataset } from "@/lib/seed/demo/dataset";
import { insertDataset, type SeedClient } from "@/lib/seed/demo/insert";

export type { SeedClient } from "@/lib/seed/demo/insert";
export { DEMO_ANCHOR } from "@/lib/seed/demo/context";

export interface DemoSeedOptions {
  /** Number of patients; 200 by default. */
  patients?: number;
  /** Faker seed; the same seed gives the same rows. */
  seed?: number;
  /** Where progress lines go; console.log by default, so `npm run dev` shows what happened. */
  log?: (line: string) => void;
  /** Seals SSNs and connection credentials; the configured keys (ENCRYPTION_KEYS / ENCRYPTION_KEY) by default. */
  keyring?: Keyring;
}

export interface DemoSeedCounts {
  users: number;
  connections: number;
  patients: number;
  identifiers: number;
  observations: number;
  medications: number;
  allergies: number;
  hl7Messages: number;
}

export type DemoSeedResult = { seeded: true; counts: DemoSeedCounts } | { seeded: false; reason: string };

/**
 * Seeds the demo sign-ins, eight EMR connections (lib/seed/demo/connections.ts) and `patients` synthetic patients with two years of history.
 * Idempotent: a database that already has users is left untouched, because demo data must never be mixed into
 * a database someone is using.
 */
export async function seedDemoData(client: SeedClient, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const existingUsers = await client.user.count();
  if (existingUsers > 0) {
    const reason = `The database already has ${existingUsers} user(s); demo data was not seeded.`;
    log(reason);
    return { seeded: false, reason };
  }
  const data = await buildDemoDataset({
    patients: options.patients ?? 200,
    seed: options.seed ?? 42,
    keyring: options.keyring ?? keyring(),
  });
  await insertDataset(client, data);
  const counts: DemoSeedCounts = {
    users: data.users.length,
    connections: data.connections.length,
    patients: data.patients.length,
    identifiers: data.identifiers.length,
    observations: data.observations.length,
    medications: data.medications.length,
    allergies: data.allergies.length,
    hl7Messages: data.hl7Messages.length,
  };
  log(`Seeded demo data: ${Object.entries(counts).map(([name, count]) => `${count} ${name}`).join(", ")}.`);
  return { seeded: true, counts };
}
