// UCUM codes (how results travel in HL7 and the API) as people write units on a chart. The code stays available
// (a tooltip, the API); only the display changes.

/** Codes whose written form no general rule below gives. */
const WRITTEN: Readonly<Record<string, string>> = {
  Cel: "°C",
  "[degF]": "°F",
  "mm[Hg]": "mmHg",
  "cm[H2O]": "cmH₂O",
  "[in_i]": "in",
  "[lb_av]": "lb",
  "[oz_av]": "oz",
  "[ft_i]": "ft",
  "[IU]": "IU",
  "[iU]": "IU",
  "[pH]": "pH",
  "[ppm]": "ppm",
  "[drp]": "drop",
  "{score}": "points",
  "{beats}/min": "/min",
  "{breaths}/min": "/min",
  "/[HPF]": "/HPF",
  "/[LPF]": "/LPF",
  "mL/min/{1.73_m2}": "mL/min/1.73 m²",
  "1": "",
};

const SUPERSCRIPT: Readonly<Record<string, string>> = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻" };

const superscript = (digits: string) => [...digits].map((digit) => SUPERSCRIPT[digit] ?? digit).join("");

/**
 * "°C" for Cel, "mmHg" for mm[Hg], "kg/m²" for kg/m2, "×10³/µL" for 10*3/uL, "mIU/L" for m[IU]/L; a code no rule
 * knows is shown as it is. Null for no unit.
 */
export function displayUnit(ucum: string | null | undefined): string | null {
  if (ucum === null || ucum === undefined || ucum.trim() === "") return null;
  const code = ucum.trim();
  const written = WRITTEN[code];
  if (written !== undefined) return written || null;
  const text = code
    // Annotations ({cells}, {beats}) say what was counted, not a unit.
    .replace(/\{[^}]*\}/g, "")
    // 10*3 and 10^3: a power of ten.
    .replace(/10[*^](-?\d+)/g, (_, power: string) => `×10${superscript(power)}`)
    // Square brackets mark special units: [IU] → IU.
    .replace(/\[([^\]]+)\]/g, (_, inner: string) => WRITTEN[`[${inner}]`] ?? inner.replace(/_.*$/, ""))
    // The micro prefix: ug, uL, umol, uIU (a capital U is the enzyme unit).
    .replace(/(^|[/.(])u(?=[a-zA-Z])/g, "$1µ")
    // Exponents after a unit: m2 → m², s-1 → s⁻¹.
    .replace(/([a-zA-Z])(-?\d+)/g, (_, unit: string, power: string) => `${unit}${superscript(power)}`)
    // UCUM multiplies with a dot: kg.m → kg·m.
    .replace(/\./g, "·");
  return text === "" ? null : text;
}

/** No space before these: "97%", "72/min". Every other unit follows its number after a space ("36.8 °C", "7.2 mmol/L"). */
function attaches(unit: string): boolean {
  return unit.startsWith("%") || unit.startsWith("/");
}

/** A number and its unit as written on a chart: "36.8 °C", "97%", "72/min", "105/67 mmHg". */
export function withUnit(value: string, unit: string | null): string {
  if (!unit) return value;
  return attaches(unit) ? `${value}${unit}` : `${value} ${unit}`;
}
