import { describe, expect, it } from "vitest";
import { connectionInput } from "@/components/connections/connection-form-input";
import { EMRConnectionCreate, EMRConnectionUpdate } from "@/lib/connections/schema";

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};

const base = { name: "Epic", connectionId: "epic-prod", emrType: "epic" };

describe("connectionInput", () => {
  it("sends only the chosen kind's and auth type's fields, and parses with the shared schema", () => {
    const form = formOf({
      ...base,
      kind: "fhir_rest",
      baseUrl: "https://fhir.example.org/R4",
      fhirVersion: "R4",
      authType: "client_secret",
      tokenUrl: "https://fhir.example.org/token",
      clientId: "meridian",
      scopes: "system/Patient.read, system/Observation.read",
      clientSecret: "s3cret",
      host: "left over from another kind",
      isActive: "on",
      timeoutMs: "15000",
      contact: "",
    });
    const parsed = EMRConnectionCreate.parse(connectionInput(form, true));
    expect(parsed).toMatchObject({
      endpoint: { kind: "fhir_rest", auth: { type: "client_secret", scopes: ["system/Patient.read", "system/Observation.read"] } },
      credentials: { clientSecret: "s3cret" },
      config: { timeoutMs: 15_000 },
      isActive: true,
    });
    expect(JSON.stringify(parsed)).not.toContain("left over");
  });

  it("leaves out empty secrets (an edit keeps the stored ones) and, on an edit, the activation", () => {
    const form = formOf({ ...base, kind: "mllp_outbound", host: "lab.example.org", port: "6661", tls: "on", password: "" });
    const input = connectionInput(form, false);
    expect(input).not.toHaveProperty("credentials");
    expect(input).not.toHaveProperty("isActive");
    expect(EMRConnectionUpdate.parse(input)).toMatchObject({ endpoint: { kind: "mllp_outbound", port: 6661, tls: true }, config: {} });
  });

  it("reads an unchecked 'active' box on a new connection as inactive", () => {
    const input = connectionInput(formOf({ ...base, kind: "mllp_inbound", sendingApplication: "LAB" }), true);
    expect(EMRConnectionCreate.parse(input)).toMatchObject({ isActive: false, endpoint: { sendingFacility: "" } });
  });
});
