import { splitSegments } from "@/lib/hl7/er7/message";

/**
 * The messages of an FHS/BHS batch file, each as its own text (from its MSH up to the next MSH or batch trailer).
 * Text without a batch header is one message. Each message is then parsed and acknowledged on its own.
 */
export function splitBatch(text: string): string[] {
  const lines = splitSegments(text.replace(/^\uFEFF/, "").trimStart());
  const first = lines[0]?.slice(0, 3);
  if (first !== "FHS" && first !== "BHS") return [text];
  const messages: string[][] = [];
  for (const line of lines) {
    const name = line.slice(0, 3);
    if (name === "MSH") messages.push([line]);
    else if (name === "FHS" || name === "BHS" || name === "BTS" || name === "FTS") continue;
    else messages.at(-1)?.push(line);
  }
  return messages.map((segments) => segments.map((segment) => `${segment}\r`).join(""));
}

export function isBatch(text: string): boolean {
  const start = text.replace(/^\uFEFF/, "").trimStart().slice(0, 3);
  return start === "FHS" || start === "BHS";
}
