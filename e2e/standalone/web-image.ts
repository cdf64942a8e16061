import { cpSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

// The Dockerfile's `web` stage as steps a test can follow without Docker: which files of the build stage it copies
// where, its environment and its command. Read from the Dockerfile itself, so the test follows any change to it.

export interface WebImage {
  /** Paths in the build stage (under its /app) and where the image puts them (relative to its workdir, /app). */
  copies: { from: string; to: string }[];
  env: Record<string, string>;
  command: string[];
}

const STAGE = "web";
const BUILD_STAGE_ROOT = "/app";

/** Instructions with their continuation lines joined, comments dropped. */
function instructions(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

export function readWebImage(dockerfile: string): WebImage {
  const image: WebImage = { copies: [], env: {}, command: [] };
  let stage: string | undefined;
  for (const line of instructions(dockerfile)) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const from = /^FROM\s+\S+\s+AS\s+(\S+)$/i.exec(line);
    if (from) stage = from[1];
    if (stage !== STAGE) continue;
    switch (keyword.toUpperCase()) {
      case "WORKDIR":
        if (rest[0] !== BUILD_STAGE_ROOT) throw new Error(`the web stage's WORKDIR is ${rest[0]}, not ${BUILD_STAGE_ROOT}`);
        break;
      case "ENV":
        for (const pair of rest) {
          const [name, value] = pair.split("=", 2);
          if (!name || value === undefined) throw new Error(`ENV ${pair}: write ENV NAME=value`);
          image.env[name] = value;
        }
        break;
      case "COPY": {
        const flags = rest.filter((token) => token.startsWith("--"));
        const paths = rest.filter((token) => !token.startsWith("--"));
        const to = paths.pop();
        if (!flags.includes("--from=build") || !to) throw new Error(`${line}: the web stage copies from the build stage only`);
        for (const source of paths) image.copies.push({ from: source, to });
        break;
      }
      case "CMD":
        image.command = JSON.parse(rest.join(" ")) as string[];
        break;
    }
  }
  if (image.copies.length === 0 || image.command.length === 0) throw new Error(`the Dockerfile has no "${STAGE}" stage with COPY and CMD`);
  return image;
}

/** A path of the image (".next/…") in a checkout whose build went to `distDir` (NEXT_DIST_DIR). */
function inDistDir(relative: string, distDir: string): string {
  return relative.replace(/^\.next(?=\/|$)/, distDir);
}

/**
 * Lays out the image's files in `target` from a checkout that has run `next build`, as the COPY lines do: a folder's
 * contents go into the destination folder, a file to the destination path (into it when that ends with "/").
 */
export function assembleWebImage(image: WebImage, checkout: string, distDir: string, target: string): void {
  for (const copy of image.copies) {
    const relativeSource = path.posix.relative(BUILD_STAGE_ROOT, copy.from);
    const source = path.join(checkout, inDistDir(relativeSource, distDir));
    if (!existsSync(source)) throw new Error(`COPY ${copy.from}: ${source} does not exist (has \`next build\` run?)`);
    const intoFolder = statSync(source).isFile() && copy.to.endsWith("/");
    const destination = path.join(target, inDistDir(path.posix.normalize(copy.to), distDir), intoFolder ? path.basename(source) : "");
    mkdirSync(path.dirname(destination), { recursive: true });
    cpSync(source, destination, { recursive: true, verbatimSymlinks: true });
  }
}
