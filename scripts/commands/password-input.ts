import { read } from "read";
import { AppError } from "@/lib/errors";

// Passwords never come from the command line, where shell history and `ps` would keep them: on a terminal they are
// typed twice at a prompt that does not echo, otherwise the first line of standard input is the password
// (`printf '%s\n' "$PASSWORD" | npm run cli -- user create …`).

async function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/, 1)[0] ?? "";
}

async function prompt(label: string): Promise<string> {
  try {
    // Prompts go to stderr, so stdout carries only the command's result.
    return await read({ prompt: label, silent: true, replace: "", output: process.stderr });
  } catch {
    throw new AppError("INVALID", "Cancelled: no password was set.");
  }
}

/** The new password for `user create` and `user reset-password`. Its rules are checked by the domain's schema. */
export async function readNewPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const password = await prompt("New password:");
    if ((await prompt("Repeat the password:")) !== password) throw new AppError("INVALID", "The passwords do not match.");
    return password;
  }
  const password = await readFirstLine(process.stdin);
  if (!password) {
    throw new AppError("INVALID", "No password: type it at the prompt on a terminal, or give it as the first line of standard input.");
  }
  return password;
}
