/** 1, 2, 2.5 or 5 times a power of ten: the step that gives about `count` ticks over [min, max]. */
function niceStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * The smallest y span a trend of this measure is drawn on, in its unit: changes that matter clinically fill the
 * chart, while the noise of a scale (a weight 0.3% up) stays a flat line. LOINC codes of the common vitals.
 */
const MINIMUM_SPANS: Readonly<Record<string, number>> = {
  "8867-4": 40, // heart rate, /min
  "9279-1": 12, // respiratory rate, /min
  "8310-5": 2, // body temperature, °C
  "8480-6": 40, // systolic blood pressure, mmHg
  "8462-4": 30, // diastolic blood pressure, mmHg
  "59408-5": 10, // oxygen saturation by pulse oximetry, %
  "2708-6": 10, // oxygen saturation in arterial blood, %
  "29463-7": 10, // body weight, kg
  "8302-2": 10, // body height, cm
  "39156-5": 6, // body mass index, kg/m²
};

/** A measure without its own span gets 20% of its largest value: a 0.3% change then moves 1.5% of the height. */
const RELATIVE_MINIMUM_SPAN = 0.2;

export function minimumSpan(code: string, values: readonly number[]): number {
  const known = MINIMUM_SPANS[code];
  if (known !== undefined) return known;
  const largest = Math.max(0, ...values.map(Math.abs));
  return largest === 0 ? 1 : largest * RELATIVE_MINIMUM_SPAN;
}

/**
 * A y domain that holds every value (pass the reference range's bounds among them) and spans at least `minSpan`,
 * centred on the values, with a little room around them (so a band that spans every value still shows its edges),
 * widened to round tick values. Non-negative data stays non-negative.
 */
export function niceDomain(values: readonly number[], { count = 4, minSpan = 0 }: { count?: number; minSpan?: number } = {}): { domain: [number, number]; ticks: number[] } {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < minSpan) {
    const middle = (low + high) / 2;
    const nonNegative = low >= 0;
    low = middle - minSpan / 2;
    high = middle + minSpan / 2;
    if (nonNegative && low < 0) [low, high] = [0, high - low];
  }
  const pad = low === high ? (low === 0 ? 1 : Math.abs(low) * 0.1) : (high - low) * 0.1;
  const min = low >= 0 ? Math.max(0, low - pad) : low - pad;
  const max = high + pad;
  const step = niceStep(min, max, count);
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounding keeps 0.1 + 0.2-style float noise out of the labels.
  for (let tick = start; tick <= end + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { domain: [start, end], ticks };
}
