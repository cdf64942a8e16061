import { describe, expect, it } from "vitest";
import { Keyring } from "@/lib/secrets/keyring";
import { ssnProblem } from "@/lib/patients/ssn";
import { copyEscape } from "@/lib/seed/bulk/copy-text";
import { buildPools } from "@/lib/seed/bulk/pools";
import { bulkMrn, type BulkContext, OBSERVATION_COLUMNS, observationLines, PATIENT_COLUMNS, patientChunks, patientLine } from "@/lib/seed/bulk/rows";

const keyring = new Keyring([{ id: "bulk-test", key: Buffer.alloc(32, 9) }]);
const ctx: BulkContext = { seed: 42, pools: buildPools(42), keyring, observationsPerPatient: 5, updatedAt: "2026-11-01T00:00:00.000Z" };

function fields(line: string): string[] {
  return line.split("\t");
}

describe("copyEscape", () => {
  it("escapes COPY's special characters and leaves the rest alone", () => {
    expect(copyEscape("O'Brien")).toBe("O'Brien");
    expect(copyEscape("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
  });
});

describe("bulk rows", () => {
  it("numbers MRNs by index", () => {
    expect(bulkMrn(1)).toBe("BLK000000001");
    expect(bulkMrn(1_000_000)).toBe("BLK001000000");
  });

  it("builds a patient line per column, the same for an index every time (apart from the SSN ciphertext)", () => {
    const line = fields(patientLine(ctx, 1234));
    expect(line).toHaveLength(PATIENT_COLUMNS.length);
    const again = fields(patientLine({ ...ctx, pools: buildPools(42) }, 1234));
    const ssnColumn = PATIENT_COLUMNS.indexOf("ssn_encrypted");
    expect(again.filter((_, i) => i !== ssnColumn)).toEqual(line.filter((_, i) => i !== ssnColumn));
    const ssn = keyring.open(line[ssnColumn] ?? "");
    expect(ssnProblem(ssn)).toBeNull();
    expect(line[PATIENT_COLUMNS.indexOf("ssn_last4")]).toBe(ssn.slice(5));
    expect(line[PATIENT_COLUMNS.indexOf("mrn")]).toBe("BLK000001234");
  });

  it("does not depend on which batch a row is written in", () => {
    const whole = [...patientChunks(ctx, 1, 30, 7)].join("").split("\n").filter(Boolean);
    const resumed = [...patientChunks(ctx, 21, 30, 4)].join("").split("\n").filter(Boolean);
    const withoutSsn = (line: string) => fields(line).filter((_, i) => i !== PATIENT_COLUMNS.indexOf("ssn_encrypted"));
    expect(resumed.map(withoutSsn)).toEqual(whole.slice(20).map(withoutSsn));
  });

  it("gives each patient observationsPerPatient vitals that reference it, with LOINC codes and flags", () => {
    const patientId = fields(patientLine(ctx, 9))[0];
    const lines = observationLines({ ...ctx, observationsPerPatient: 12 }, 9).map(fields);
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      expect(line).toHaveLength(OBSERVATION_COLUMNS.length);
      expect(line[OBSERVATION_COLUMNS.indexOf("patient_id")]).toBe(patientId);
      expect(line[OBSERVATION_COLUMNS.indexOf("code")]).toMatch(/^\d+-\d$/);
    }
    expect(new Set(lines.map((line) => line[0])).size).toBe(12);
  });
});
