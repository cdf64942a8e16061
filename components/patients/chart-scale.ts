/** A linear map from a data interval onto a pixel interval (the SVG's y axis runs downwards: pass [bottom, top]). */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (value: number) => number {
  if (d0 === d1) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** 1, 2, 2.5 or 5 times a power of ten: the step that gives about `count` ticks over [min, max]. */
function niceStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A y domain that holds every value and the reference range with a little room around them (so a band that spans
 * every value still shows its edges), widened to round tick values. Non-negative data stays non-negative.
 */
export function niceDomain(values: readonly number[], count = 4): { domain: [number, number]; ticks: number[] } {
  const low = Math.min(...values);
  const high = Math.max(...values);
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
