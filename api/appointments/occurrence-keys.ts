import { isOccurrenceKey } from '../../activities/appointments/recurrence';
import { notFound } from '../http/errors';
import { timingOf, type SeriesRow } from './series-rows';

/**
 * Overrides, splits and visit actions must name an occurrence the rule generates (its
 * original start, moves ignored), or they would silently do nothing.
 */
export function requireOccurrenceKey(row: SeriesRow, key: string): void {
  if (!isOccurrenceKey(timingOf(row, []), key)) throw notFound(`The occurrence ${key} of this appointment`);
}
