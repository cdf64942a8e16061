import Bowser from "bowser";

/** The part of a version people quote: "131.0.0.0" → "131", "17.5" → "17". */
function majorVersion(version: string | undefined): string {
  return version?.split(".")[0] ?? "";
}

/**
 * A browser as people name it, "Chrome 131 on macOS", from its User-Agent header (parsed by bowser). The operating
 * system's version is left out: browsers freeze it in the header (every Mac says 10.15.7, Windows 11 says 10), so
 * it would often be wrong. A header no parser recognises (a script, curl) is shown as sent, cut to fit a cell.
 */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "—";
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
  const name = [browser.name, majorVersion(browser.version)].filter(Boolean).join(" ");
  return os.name ? `${name} on ${os.name}` : name;
}
