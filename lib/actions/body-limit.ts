// The largest server action body Next.js accepts (next.config.ts) and the proxy lets through (request-guard.ts).
// No form of this app sends more than a few kilobytes.
export const SERVER_ACTION_BODY_LIMIT = "1mb";
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
