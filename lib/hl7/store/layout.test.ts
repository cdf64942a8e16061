import { describe, expect, it } from "vitest";
import { fieldTitle } from "@/lib/hl7/store/field-names";
import { layOutSegments, parseErrorLocation, parseStructure } from "@/lib/hl7/store/layout";

const RAW = [
  "MSH|^~\\&|LAB|GENHOSP|MERIDIAN|HUB|20261201083000||ORU^R01|C-1|P|2.5.1",
  "PID|1||A-100^^^GENHOSP^MR||O'Brien^Mary||1980x|F",
  "OBX|1|NM|2345-7^Glucose^LN||95|mg/dL",
  "OBX|2|NM|2951-2^Sodium^LN||<script>alert(1)</script>|mmol/L||||||||bad",
].join("\r");

describe("message layout", () => {
  it("names fields from the HL7 dictionary, and by position only beyond it", () => {
    expect(fieldTitle("PID", 7)).toBe("PID-7 Date/Time of Birth");
    expect(fieldTitle("MSH", 10)).toBe("MSH-10 Message Control ID");
    expect(fieldTitle("OBX", 5)).toBe("OBX-5 Observation Value");
    expect(fieldTitle("MRG", 1)).toBe("MRG-1 Prior Patient Identifier List");
    expect(fieldTitle("ZPI", 2)).toBe("ZPI-2");
    expect(fieldTitle("PID", 99)).toBe("PID-99");
  });

  it("reads error locations as the ingest stores them", () => {
    expect(parseErrorLocation("PID-7")).toEqual({ segment: "PID", sequence: 1, field: 7, component: null });
    expect(parseErrorLocation("OBX[2]-14")).toEqual({ segment: "OBX", sequence: 2, field: 14, component: null });
    expect(parseErrorLocation("MSH-9.2")).toEqual({ segment: "MSH", sequence: 1, field: 9, component: 2 });
    expect(parseErrorLocation("PID")).toEqual({ segment: "PID", sequence: 1, field: null, component: null });
    expect(parseErrorLocation("nonsense")).toBeNull();
    expect(parseErrorLocation(null)).toBeNull();
  });

  it("lays out one row per segment with MSH-1 as the separator, and marks the offending field of the right repetition", () => {
    const segments = layOutSegments(RAW, "OBX[2]-14");
    expect(segments.map((segment) => `${segment.name}${segment.sequence}`)).toEqual(["MSH1", "PID1", "OBX1", "OBX2"]);
    const [msh, pid, obx1, obx2] = segments;
    expect(msh?.fields.slice(0, 3).map((field) => field.text)).toEqual(["|", "^~\\&", "LAB"]);
    expect(msh?.fields[9]).toMatchObject({ position: 10, text: "C-1", title: "MSH-10 Message Control ID" });
    expect(pid?.fields[6]).toMatchObject({ text: "1980x", title: "PID-7 Date/Time of Birth", offending: false });
    expect(obx1?.offending).toBe(false);
    expect(obx2?.offending).toBe(true);
    expect(obx2?.fields.filter((field) => field.offending).map((field) => field.title)).toEqual(["OBX-14 Date/Time of the Observation"]);
    // Markup is kept as text; the view renders it escaped.
    expect(obx2?.fields[4]?.text).toBe("<script>alert(1)</script>");
  });

  it("accepts \\n and \\r\\n terminators and input that is not HL7 at all", () => {
    expect(layOutSegments(RAW.replaceAll("\r", "\r\n"), null)).toHaveLength(4);
    expect(layOutSegments("hello world", null)).toEqual([{ name: "hello world", sequence: 1, fields: [], offending: false }]);
    expect(layOutSegments("", null)).toEqual([]);
  });

  it("parses components and repetitions, unescaped, and explains what cannot be parsed", () => {
    const parsed = parseStructure("MSH|^~\\&|LAB|GEN\r" + "PID|1||A-1^^^GEN^MR~B-2^^^GEN^PI||Doe\\T\\Co^Jane");
    if (!("segments" in parsed)) throw new Error(parsed.error);
    const pid = parsed.segments[1];
    expect(pid?.fields.find((field) => field.position === 3)?.repetitions).toEqual([["A-1", "", "", "GEN", "MR"], ["B-2", "", "", "GEN", "PI"]]);
    expect(pid?.fields.find((field) => field.position === 5)).toEqual({ position: 5, title: "PID-5 Patient Name", repetitions: [["Doe&Co", "Jane"]] });
    expect(parseStructure("not hl7")).toHaveProperty("error");
  });
});
