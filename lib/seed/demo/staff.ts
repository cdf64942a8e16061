import { npiFrom } from "@/lib/seed/random";
import type { DemoRandom } from "@/lib/seed/demo/context";

export interface Clinician {
  /** "Family^Given" order is needed in HL7 XCN fields, so both parts are kept. */
  given: string;
  family: string;
  credential: "MD" | "DO" | "NP" | "PA";
  npi: string;
}

export interface Staff {
  prescribers: Clinician[];
  nurses: string[];
}

export function displayName(clinician: Clinician): string {
  return `${clinician.given} ${clinician.family}, ${clinician.credential}`;
}

/** A small care team shared by all demo patients, so charts and messages name the same clinicians. */
export function buildStaff(random: DemoRandom): Staff {
  const prescribers: Clinician[] = [];
  for (let i = 0; i < 14; i += 1) {
    prescribers.push({
      given: random.faker.person.firstName(),
      family: random.faker.person.lastName(),
      credential: random.pick(["MD", "MD", "MD", "DO", "NP", "PA"] as const),
      npi: npiFrom(`1${random.faker.string.numeric(8)}`),
    });
  }
  const nurses: string[] = [];
  for (let i = 0; i < 10; i += 1) nurses.push(`${random.faker.person.fullName()}, RN`);
  return { prescribers, nurses };
}
