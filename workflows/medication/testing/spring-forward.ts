/**
 * New York's next spring-forward day after `nowMs` (the second Sunday of March, when
 * 02:00 EST becomes 03:00 EDT) and the instant the gap ends, 07:00Z. Tests compute it
 * from the server clock instead of naming a year: the time-skipping server's clock can be
 * years ahead (a finished workflow's 10-year run timeout is its next timer).
 */
export function newYorkSpringForward(nowMs: number): { date: string; gapEndsMs: number } {
  for (let year = new Date(nowMs).getUTCFullYear(); ; year++) {
    const firstOfMarch = new Date(Date.UTC(year, 2, 1)).getUTCDay();
    const secondSunday = 1 + ((7 - firstOfMarch) % 7) + 7;
    const date = `${year}-03-${String(secondSunday).padStart(2, '0')}`;
    const gapEndsMs = Date.parse(`${date}T07:00:00Z`);
    // A day's margin: the schedule must start before its first dose.
    if (gapEndsMs - nowMs > 86_400_000) return { date, gapEndsMs };
  }
}

/** The three doses that New York's spring-forward gap brings to one instant. */
export const GAP_TIMES = ['02:00', '02:30', '03:00'];

/**
 * Starts a schedule of 02:00, 02:30 and 03:00 on New York's next spring-forward day (a
 * 30-minute window, three doses): all three fall due together when the gap ends.
 */
export async function startSpringForwardSchedule<S>(h: {
  now(): Promise<number>;
  startSchedule(fields: { timeZone: string; timesOfDay: string[]; startDate: string; doseCount: number; answerWindowMinutes: number }): Promise<S>;
}): Promise<S & { date: string; due: number; keys: string[] }> {
  const { date, gapEndsMs: due } = newYorkSpringForward(await h.now());
  const started = await h.startSchedule({ timeZone: 'America/New_York', timesOfDay: GAP_TIMES, startDate: date, doseCount: 3, answerWindowMinutes: 30 });
  return { ...started, date, due, keys: GAP_TIMES.map((t) => `${date}T${t}`) };
}
