import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

interface VitestJsonReport {
  testResults?: {
    name: string;
    status?: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n").find((line) => line.trim() !== "")?.trim().slice(0, 200) ?? "";
}

/** One line per failed test (or per file that failed to load) from a Vitest JSON report; a missing report says so. */
export function failedVitestTests(reportPath: string): string[] {
  if (!existsSync(reportPath)) return ["(no report written: the run stopped before its end)"];
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as VitestJsonReport;
  const lines: string[] = [];
  for (const file of report.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failed) lines.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    if (failed.length === 0 && file.status === "failed") lines.push(`${where}: ${firstLine(file.message)}`);
  }
  return lines;
}
