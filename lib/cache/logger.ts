/**
 * The slice of a pino logger the cache needs, so the app can pass its pino instance while tests and scripts
 * can pass something quieter. Details must never contain cached values (they may hold PHI).
 */
export interface CacheLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

function write(level: string, details: Record<string, unknown>, message: string): void {
  // One JSON line, like pino, so log shipping treats it the same until the app passes its own logger.
  console.warn(JSON.stringify({ level, time: Date.now(), component: "cache", msg: message, ...details }));
}

export const consoleCacheLogger: CacheLogger = {
  info: (details, message) => write("info", details, message),
  warn: (details, message) => write("warn", details, message),
  error: (details, message) => write("error", details, message),
};

export const silentCacheLogger: CacheLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
