const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A schedule's timing for doses a few minutes from now on the wall clock, for a real
 * server that cannot skip time. The zone is a fixed-offset one where it is about noon,
 * so the doses never straddle a local midnight; given early (up to 2 h before), none is
 * ever waited for. Dose keys are the local date and time, as the dose calculator names them.
 */
export function dosesSoon(minutesAhead: number[], now = Date.now()) {
  // POSIX signs: Etc/GMT-3 is UTC+3.
  const offset = 12 - new Date(now).getUTCHours();
  const timeZone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const base = Math.ceil(now / MINUTE) * MINUTE;
  const doses = minutesAhead.map((m) => {
    const dueMs = base + m * MINUTE;
    const local = new Date(dueMs + offset * HOUR).toISOString();
    return { dueAt: new Date(dueMs).toISOString(), doseKey: `${local.slice(0, 10)}T${local.slice(11, 16)}`, time: local.slice(11, 16) };
  });
  return { timeZone, startDate: doses[0]!.doseKey.slice(0, 10), timesOfDay: doses.map((d) => d.time), doseCount: doses.length, doses };
}
