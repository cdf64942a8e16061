import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Permission } from "@/lib/auth/permissions";

// Finds every route handler and server action in the code, with the permission each declares, so that the
// authorization matrix covers a new one without anyone listing it.

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

/** Route handlers that are public by design; every other one must be declared through route(permission, …). */
export const PUBLIC_ROUTES = new Set(["/api/health", "/api/health/ready", "/api/auth/[...nextauth]", "/api/v1/openapi.json"]);

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** `null` = any authenticated caller. */
export type Requirement = Permission | null;

export interface DiscoveredRoute {
  file: string;
  /** URL pattern with [params], route groups removed. */
  pattern: string;
  method: Method;
  requirement: Requirement;
}

export interface DiscoveredAction {
  id: string;
  file: string;
  name: string;
  requirement: Permission;
  /** A page that loads the action, to post it to. */
  pagePattern: string;
}

function filesUnder(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && match(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function urlPatternOf(appRelativeDir: string): string {
  const segments = appRelativeDir.split(path.sep).filter((segment) => segment && !/^\(.*\)$/.test(segment));
  return `/${segments.join("/")}`;
}

const DECLARED_ROUTE = /export const (GET|POST|PUT|PATCH|DELETE) = route(?:<[^>]*>)?\(\s*(?:"([a-z0-9_]+:[a-z_]+)"|(null))/g;
const ANY_EXPORTED_METHOD = /export (?:const|async function|function|\{[^}]*\b(?:as\s+)?)\s*(GET|POST|PUT|PATCH|DELETE)\b/g;

/** Every route handler method; throws for one that is neither public nor declared through route(). */
export function discoverRoutes(): { declared: DiscoveredRoute[]; undeclared: string[]; publicRoutes: string[] } {
  const declared: DiscoveredRoute[] = [];
  const undeclared: string[] = [];
  const publicRoutes: string[] = [];
  for (const file of filesUnder(APP, (name) => name === "route.ts")) {
    const relative = path.relative(ROOT, file);
    const pattern = urlPatternOf(path.relative(APP, path.dirname(file)));
    if (PUBLIC_ROUTES.has(pattern)) {
      publicRoutes.push(pattern);
      continue;
    }
    const source = readFileSync(file, "utf8");
    const found = new Set<string>();
    for (const match of source.matchAll(DECLARED_ROUTE)) {
      const method = match[1] as Method;
      found.add(method);
      declared.push({ file: relative, pattern, method, requirement: (match[2] as Permission | undefined) ?? null });
    }
    for (const match of source.matchAll(ANY_EXPORTED_METHOD)) {
      if (match[1] && !found.has(match[1])) undeclared.push(`${relative} ${match[1]}`);
    }
  }
  return { declared, undeclared, publicRoutes };
}

/** Every page's URL pattern (every page.tsx under app/, route groups removed, [params] kept). */
export function discoverPages(): string[] {
  return filesUnder(APP, (name) => name === "page.tsx")
    .map((file) => urlPatternOf(path.relative(APP, path.dirname(file))))
    .filter((pattern) => !pattern.includes("[..."));
}

const DECLARED_ACTION = /export const (\w+) = action(?:<[^>]*>)?\(\s*"([a-z0-9_]+:[a-z_]+)"/g;

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

/** Every server action of the production build, with the permission its source declares. */
export function discoverActions(distDir: string): { declared: DiscoveredAction[]; undeclared: string[] } {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const declaredBySource = new Map<string, Permission>();
  for (const file of filesUnder(APP, (name) => /\.tsx?$/.test(name))) {
    const source = readFileSync(file, "utf8");
    if (!/^\s*["']use server["']/.test(source)) continue;
    for (const match of source.matchAll(DECLARED_ACTION)) {
      declaredBySource.set(`${path.relative(ROOT, file)}#${match[1]}`, match[2] as Permission);
    }
  }
  const declared: DiscoveredAction[] = [];
  const undeclared: string[] = [];
  for (const [id, entry] of Object.entries(manifest.node)) {
    const key = `${entry.filename ?? "?"}#${entry.exportedName ?? "?"}`;
    const requirement = declaredBySource.get(key);
    const page = Object.keys(entry.workers).find((worker) => worker.startsWith("app/") && worker.endsWith("/page"));
    if (!requirement || !page) {
      undeclared.push(`${key} (action ${id})`);
      continue;
    }
    const pagePattern = urlPatternOf(page.slice("app/".length, -"/page".length).split("/").join(path.sep));
    declared.push({ id, file: entry.filename ?? "", name: entry.exportedName ?? "", requirement, pagePattern });
  }
  return { declared, undeclared };
}
