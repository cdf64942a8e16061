import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CLONE_ROOT } from "@/lib/dev/embedded-location";

/** A folder only its owner may enter (mode 0700), like a clone under /root or from `mktemp -d`. */
export function privateFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "meridian-zero-config-"));
  chmodSync(folder, 0o700);
  return folder;
}

/**
 * A clone of this working tree (committed and uncommitted files alike, as git would check them out) in `target`,
 * with node_modules and the generated Prisma client of this one instead of installing them again.
 */
export function cloneWorkingTree(target: string): string {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: CLONE_ROOT, encoding: "utf8" });
  mkdirSync(target, { recursive: true });
  for (const file of listed.split("\0").filter(Boolean)) {
    const source = path.join(CLONE_ROOT, file);
    let mode: number;
    try {
      mode = statSync(source).mode;
    } catch {
      continue; // deleted in the working tree
    }
    const destination = path.join(target, file);
    mkdirSync(path.dirname(destination), { recursive: true });
    copyFileSync(source, destination);
    chmodSync(destination, mode & 0o777);
  }
  // Hard links: as fast as a symlink, which Turbopack refuses (it resolves nothing outside the project's folder).
  const modules = [path.join(CLONE_ROOT, "node_modules"), path.join(target, "node_modules")];
  try {
    execFileSync("cp", ["-al", ...modules]);
  } catch {
    execFileSync("cp", ["-a", ...modules]); // another filesystem
  }
  cpSync(path.join(CLONE_ROOT, "lib", "generated"), path.join(target, "lib", "generated"), { recursive: true });
  return target;
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}
