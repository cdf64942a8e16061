import pino from "pino";

// JSON logs without PHI: callers log ids and codes, never names, MRNs or message bodies.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "meridian" },
  redact: { paths: ["password", "*.password", "ssn", "*.ssn", "authorization", "*.authorization"], remove: true },
});
