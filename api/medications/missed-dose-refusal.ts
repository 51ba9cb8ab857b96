import type { DataSource } from 'typeorm';
import { DOSE_ALREADY_ANSWERED, WRONG_DOSE } from '../../workflows/medication/messages';

/** The reason code (details.reason) for an answer to a dose already on record as missed. */
export const DOSE_RECORDED_MISSED = 'DoseRecordedMissed';

export interface Refusal {
  type: string;
  message: string;
}

/**
 * The workflow refuses an answer to a dose it closed as missed the way it refuses a second
 * answer ("already answered", or "not the dose waiting" once the run has continued as new).
 * Told that, a caregiver who gave the pill late believes someone else recorded it, while the
 * record says nobody did. The record tells the two apart; a dose on record as missed is
 * said so, with the way to put it right (a correction, which keeps who made it).
 */
export async function refusalOnRecord(dataSource: DataSource, scheduleId: string, doseKey: string, refusal: Refusal): Promise<Refusal> {
  if (refusal.type !== DOSE_ALREADY_ANSWERED && refusal.type !== WRONG_DOSE) return refusal;
  const [record] = (await dataSource.query(`SELECT outcome FROM dose_records WHERE schedule_id = $1 AND dose_key = $2`, [scheduleId, doseKey])) as {
    outcome: string;
  }[];
  if (record?.outcome !== 'missed') return refusal;
  return {
    type: DOSE_RECORDED_MISSED,
    message: `Dose ${doseKey} is on record as missed: nobody answered in time. If it was given, correct the record in the app.`,
  };
}
