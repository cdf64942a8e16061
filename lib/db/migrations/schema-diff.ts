import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

// Prisma's schema engine compiled to WebAssembly: the native engine the CLI wants cannot be downloaded here.
// It computes the same SQL as `prisma migrate diff`, talking to PostgreSQL through @prisma/adapter-pg.

export const SCHEMA_PATH = path.resolve(import.meta.dirname, "../../../prisma/schema.prisma");

const CHAR_OID = 18;
const TEXT_OID = 25;

/** adapter-pg cannot decode PostgreSQL's internal one-byte `"char"` type, which catalog introspection returns. */
function catalogSafePool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const readCharAsText = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    return result;
  };
  return Object.assign(pool, { query: readCharAsText });
}

let wasmReady = false;

async function loadWasm(): Promise<void> {
  if (wasmReady) return;
  const require = createRequire(import.meta.url);
  const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = readFileSync(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": engineBindings });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  wasmReady = true;
}

export interface SchemaDiff {
  /** SQL that would take the source to the target; empty when they agree. */
  sql: string;
  hasChanges: boolean;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

async function withEngine<T>(databaseUrl: string, schema: string, work: (engine: engineBindings.SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const pool = catalogSafePool(databaseUrl);
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
    const engine = await engineBindings.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => undefined, adapter);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

function toDiff(stdout: string | null | undefined, exitCode: number): SchemaDiff {
  const sql = (stdout ?? "").replace(/^-- This is an empty migration\.\s*$/m, "").trim();
  return { sql, hasChanges: exitCode === 2 };
}

/** What the database at `databaseUrl` lacks (or has extra) compared with the Prisma schema: drift when non-empty. */
export function diffDatabaseToSchema(databaseUrl: string, schema = readFileSync(SCHEMA_PATH, "utf8")): Promise<SchemaDiff> {
  const files = [{ path: "schema.prisma", content: schema }];
  return withEngine(databaseUrl, schema, async (engine) => {
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: path.dirname(SCHEMA_PATH) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return toDiff(result.stdout, result.exitCode);
  });
}
