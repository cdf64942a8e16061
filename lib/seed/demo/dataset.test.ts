import { describe, expect, it } from "vitest";
import { AllergyReaction } from "@/lib/allergies/schema";
import { ConnectionEndpoint, requiredSecrets } from "@/lib/connections/endpoint";
import { ConnectionConfig } from "@/lib/connections/schema";
import { Keyring } from "@/lib/secrets/keyring";
import { ssnProblem } from "@/lib/patients/ssn";
import { EmailAddress, isPhoneNumber } from "@/lib/shared-schema/contact";
import { Mrn } from "@/lib/shared-schema/fields";
import { buildDemoDataset, type DemoDataset } from "@/lib/seed/demo/dataset";
import { DEMO_ANCHOR } from "@/lib/seed/demo/context";

const keyring = new Keyring([{ id: "demo-test", key: Buffer.alloc(32, 3) }]);
const dataset = await buildDemoDataset({ patients: 40, seed: 42, keyring });

/** Everything except the values that are salted or encrypted with a random nonce. */
function comparable(data: DemoDataset) {
  return {
    ...data,
    users: data.users.map((user) => ({ ...user, passwordHash: undefined })),
    connections: data.connections.map((row) => ({ ...row, credentialsEncrypted: undefined })),
    patients: data.patients.map((row) => ({ ...row, ssnEncrypted: undefined })),
  };
}

describe("buildDemoDataset", () => {
  it("depends on the seed alone", async () => {
    const again = await buildDemoDataset({ patients: 40, seed: 42, keyring });
    expect(comparable(again)).toEqual(comparable(dataset));
    const other = await buildDemoDataset({ patients: 40, seed: 7, keyring });
    expect(other.patients[0]?.id).not.toBe(dataset.patients[0]?.id);
  });

  it("never dates anything after the anchor", () => {
    const dates = [
      ...dataset.observations.map((o) => o.effectiveDatetime),
      ...dataset.hl7Messages.map((m) => new Date(m.messageDatetime)),
      ...dataset.patients.map((p) => new Date(p.birthDate)),
    ];
    for (const date of dates) expect(date.getTime()).toBeLessThanOrEqual(DEMO_ANCHOR.getTime());
  });

  it("writes valid demographics and an encrypted SSN whose last four are kept in clear", () => {
    const mrns = new Set<string>();
    for (const patient of dataset.patients) {
      expect(patient.mrn).toMatch(/^MRN\d{7}$/);
      expect(Mrn.safeParse(patient.mrn).success).toBe(true);
      mrns.add(patient.mrn);
      const ssn = keyring.open(patient.ssnEncrypted ?? "");
      expect(ssnProblem(ssn)).toBeNull();
      expect(patient.ssnLast4).toBe(ssn.slice(5));
      expect(isPhoneNumber(patient.phone ?? "")).toBe(true);
      if (patient.email) expect(EmailAddress.safeParse(patient.email).success).toBe(true);
    }
    expect(mrns.size).toBe(dataset.patients.length);
    expect(new Set(dataset.patients.map((p) => p.sourceEmr))).toEqual(new Set(["epic-main", "cerner-east", "fhir-hub"]));
  });

  it("keeps connection config free of secrets, gives each endpoint valid settings and encrypts exactly the secrets its auth needs", () => {
    for (const connection of dataset.connections) {
      expect(ConnectionConfig.safeParse(connection.config ?? {}).success).toBe(true);
      const endpoint = ConnectionEndpoint.parse(connection.endpoint);
      const stored = connection.credentialsEncrypted ? Object.keys(JSON.parse(keyring.open(connection.credentialsEncrypted)) as object) : [];
      expect(stored).toEqual(requiredSecrets(endpoint));
    }
    expect(new Set(dataset.connections.map((connection) => connection.endpointKind))).toEqual(new Set(["fhir_rest", "mllp_inbound", "mllp_outbound"]));
  });

  it("stores allergy reactions in the shape the allergy schema reads", () => {
    for (const allergy of dataset.allergies) {
      expect(AllergyReaction.array().min(1).safeParse(allergy.reactions).success).toBe(true);
    }
  });

  it("writes HL7 messages with MSH first, \\r between segments, and control ids unique per sending facility", () => {
    const keys = new Set<string>();
    for (const message of dataset.hl7Messages) {
      const segments = message.rawMessage.split("\r");
      expect(segments[0]).toMatch(/^MSH\|\^~\\&\|/);
      expect(message.rawMessage).not.toContain("\n");
      const msh = (segments[0] ?? "").split("|");
      expect(msh[8]).toBe(`${message.messageType}^${message.triggerEvent}^${message.messageType === "ORU" ? "ORU_R01" : "ADT_A01"}`);
      expect(msh[9]).toBe(message.messageControlId);
      expect(msh[3]).toBe(message.sendingFacility);
      if (message.messageType === "ORU") expect(segments.some((s) => s.startsWith("OBX|"))).toBe(true);
      if (message.status === "error") expect(message.errorMessage).toBeTruthy();
      keys.add(`${message.sendingFacility}|${message.messageControlId}`);
    }
    expect(keys.size).toBe(dataset.hl7Messages.length);
    expect(new Set(dataset.hl7Messages.map((m) => `${m.messageType}^${m.triggerEvent}`))).toEqual(new Set(["ADT^A01", "ADT^A08", "ORU^R01"]));
  });
});
