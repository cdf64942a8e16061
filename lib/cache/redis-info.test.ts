import { describe, expect, it } from "vitest";
import { humanBytes, infoNumber, parseRedisInfo } from "@/lib/cache/redis-info";

const SAMPLE = [
  "# Server",
  "redis_version:7.0.15",
  "redis_mode:standalone",
  "",
  "# Memory",
  "used_memory:1048576",
  "used_memory_human:1.00M",
  "# Keyspace",
  "db0:keys=3,expires=1,avg_ttl=0",
  "",
].join("\r\n");

describe("parseRedisInfo", () => {
  it("reads field:value lines across sections and ignores headers", () => {
    const fields = parseRedisInfo(SAMPLE);
    expect(fields.redis_version).toBe("7.0.15");
    expect(fields.used_memory_human).toBe("1.00M");
    expect(fields.db0).toBe("keys=3,expires=1,avg_ttl=0");
    expect(Object.keys(fields)).not.toContain("# Server");
  });

  it("reads numbers, with 0 for absent fields", () => {
    const fields = parseRedisInfo(SAMPLE);
    expect(infoNumber(fields, "used_memory")).toBe(1_048_576);
    expect(infoNumber(fields, "keyspace_hits")).toBe(0);
  });

  it("shows summed bytes the way INFO's *_human fields do", () => {
    expect(humanBytes(1023)).toBe("1023B");
    expect(humanBytes(1536)).toBe("1.50K");
    expect(humanBytes(1_048_576)).toBe("1.00M");
    expect(humanBytes(3 * 1024 ** 3)).toBe("3.00G");
  });
});
