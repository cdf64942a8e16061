import pg from "pg";
import { poolConfig } from "@/lib/db/pool";
import { env } from "@/lib/env";

// The baseline side of the clinical benchmarks: SQL sent straight through a plain pg.Pool of its own, sized and
// configured like the application's (same max, statement timeout), with no Prisma, no permission check and no cache.

export function rawPool(): pg.Pool {
  return new pg.Pool({ ...poolConfig(env()), application_name: "meridian-bench-raw" });
}
