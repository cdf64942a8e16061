// The HL7 messages the message-store journeys (hl7-messages.spec.ts) start from. scripts/e2e.ts sends them through
// the real ingest function before the server starts; this file holds only text, so the browser tests can name them.
//
// The case: an EMR's feed delivers a merge (ADT^A40) before the registration of the record it merges away. The
// merge fails (AE, 204 "Unknown key identifier" at MRG-1: Meridian knows no such patient); the registration then
// arrives, which fixes the cause, and an admin reprocesses the merge. Two such merges: one reprocessed from its detail
// view, one from the list. And a result with a value type Meridian cannot read (AE, 102 at OBX-2), which stays failed.

export const JOURNEY_SENDER = { application: "ADMIT", facility: "EASTHOSP" };

const msh = (controlId: string, type: string) =>
  `MSH|^~\\&|${JOURNEY_SENDER.application}|${JOURNEY_SENDER.facility}|MERIDIAN|HUB|20261201083000||${type}|${controlId}|P|2.5.1`;

export const JOURNEY_MERGES = [1, 2].map((n) => ({
  controlId: `E2E-A40-${n}`,
  survivor: { mrn: `E2E-SURV-${n}`, family: "Journey", given: n === 1 ? "Ada" : "Bea" },
  prior: `E2E-OLD-${n}`,
}));

export const JOURNEY_BAD_RESULT = { controlId: "E2E-ORU-BAD", mrn: "E2E-SURV-1" };

/** The messages in the order the feed delivers them. */
export const JOURNEY_MESSAGES: string[] = [
  ...JOURNEY_MERGES.flatMap(({ controlId, survivor, prior }) => [
    [msh(`${controlId}-REG`, "ADT^A04"), `PID|1||${survivor.mrn}^^^EASTHOSP^MR||${survivor.family}^${survivor.given}||19750301|F`].join("\r"),
    [msh(controlId, "ADT^A40"), `PID|1||${survivor.mrn}^^^EASTHOSP^MR||${survivor.family}^${survivor.given}||19750301|F`, `MRG|${prior}^^^EASTHOSP^MR`].join("\r"),
    // The late registration of the merged-away record: the cause of the failure, fixed.
    [msh(`${controlId}-LATE`, "ADT^A04"), `PID|1||${prior}^^^EASTHOSP^MR||${survivor.family}^${survivor.given}||19750301|F`].join("\r"),
  ]),
  [
    msh(JOURNEY_BAD_RESULT.controlId, "ORU^R01"),
    `PID|1||${JOURNEY_BAD_RESULT.mrn}^^^EASTHOSP^MR`,
    "OBR|1|E2E-P1|E2E-F1|2345-7^Glucose^LN|||20261201080000",
    "OBX|1|XX|2345-7^Glucose^LN||95|mg/dL|70-99||||F",
  ].join("\r"),
];
