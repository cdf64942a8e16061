// Coded demographics as words. Feeds send codes (HL7 v2 tables, BCP 47 tags); the chart shows what they mean and
// keeps the code beside it, so nothing is lost when a code is unusual.

/** HL7 v2 table 0002 (marital status), the table our ADT feeds use. */
const MARITAL_STATUS: Readonly<Record<string, string>> = {
  A: "Separated",
  B: "Unmarried",
  C: "Common law",
  D: "Divorced",
  E: "Legally separated",
  G: "Living together",
  I: "Interlocutory",
  M: "Married",
  N: "Annulled",
  O: "Other",
  P: "Domestic partner",
  R: "Registered domestic partner",
  S: "Single",
  T: "Unreported",
  U: "Unknown",
  W: "Widowed",
};

/** "Married" for M; a value that is already words (or an unknown code) as it was sent; null when none. */
export function maritalStatusText(code: string | null | undefined): string | null {
  if (!code) return null;
  return MARITAL_STATUS[code.trim().toUpperCase()] ?? code;
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", languageDisplay: "standard", fallback: "none" });

/** "Spanish (Mexico)" for es-MX, "English" for en; a tag no locale data knows is shown as it was sent. */
export function languageText(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return languageNames.of(tag.trim()) ?? tag;
  } catch {
    // Not a well-formed BCP 47 tag (free text from a feed): show it as sent.
    return tag;
  }
}
