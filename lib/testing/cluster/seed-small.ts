import { db, disconnectDb } from "@/lib/db/client";
import { seedDemoData } from "@/lib/seed/demo";

// The demo sign-ins, connections and a few patients on DATABASE_URL: what e2e/cluster.spec.ts needs, in seconds
// rather than the full demo seed's twenty. Run as its own process (server-only modules need react-server):
//   node --conditions=react-server --import tsx lib/testing/cluster/seed-small.ts

await seedDemoData(db(), { patients: 3, log: () => undefined });
await disconnectDb();
