import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A server action can be posted to any URL, so its audit rows record the action's own name (lib/actions/action.ts)
// as their path. This keeps every action named, by its export name, uniquely.

const APP = path.resolve(import.meta.dirname, "../../app");
const actionFiles = readdirSync(APP, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "actions.ts");

interface Export {
  file: string;
  exported: string;
  declaration: string;
}

function exportsOf(file: string): Export[] {
  const source = readFileSync(path.join(APP, file), "utf8");
  return [...source.matchAll(/export (?:const|async function|function) (\w+)([^\n]*)/g)].map(([, exported = "", declaration = ""]) => ({ file, exported, declaration }));
}

const exported = actionFiles.flatMap(exportsOf);

describe("server action names", () => {
  it("finds the action files", () => {
    expect(actionFiles.length).toBeGreaterThan(0);
    expect(exported.length).toBeGreaterThan(0);
  });

  it("every exported action is built by action() and named after its export", () => {
    const misnamed = exported
      .filter(({ exported: name, declaration }) => !new RegExp(`^ = action(?:<[^>]*>)?\\(\\s*"[a-z0-9_]+:[a-z_]+",\\s*"${name}",`).test(declaration))
      .map(({ file, exported: name }) => `${file}#${name}`);
    expect(misnamed).toEqual([]);
  });

  it("no two actions share a name", () => {
    const names = exported.map(({ exported: name }) => name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});
