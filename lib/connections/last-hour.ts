// "The last hour" of counts kept per clock hour (connection_statistics, the Redis counters before a flush).

export interface LastHourWindow {
  /** Start of the current clock hour. */
  thisHour: Date;
  /** The share of the previous clock hour that lies inside the last 60 minutes, 0 to 1. */
  previousShare: number;
  /** How much of an hour's counts belongs to the window: 1, previousShare or 0. */
  weightOf: (hour: Date) => number;
}

const HOUR_MS = 3_600_000;

/**
 * The last 60 minutes from hourly counts: all of this hour's, and of the previous hour the share still inside the
 * window (at 10:15, three quarters of 9:00–10:00), as if its requests were spread evenly over it — the usual
 * sliding-window estimate. Summing both hours whole would count up to two hours; this hour alone would drop to
 * nothing at every full hour.
 */
export function lastHourWindow(now = Date.now()): LastHourWindow {
  const thisHour = Math.floor(now / HOUR_MS) * HOUR_MS;
  const previousShare = 1 - (now - thisHour) / HOUR_MS;
  return {
    thisHour: new Date(thisHour),
    previousShare,
    weightOf: (hour: Date) => (hour.getTime() === thisHour ? 1 : hour.getTime() === thisHour - HOUR_MS ? previousShare : 0),
  };
}
