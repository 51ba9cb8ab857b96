import { medicationHandle } from '../../temporal/medications';
import { medicationStateQuery, type MedicationState } from '../../workflows/medication/messages';
import type { AppDeps } from '../deps';
import { optionalWaitMs } from '../http/unavailable';

/** The workflow's own view, or undefined when it does not answer in time (the row is still shown). */
export async function liveState(deps: AppDeps, scheduleId: string, timeoutMs = optionalWaitMs(deps.config)): Promise<MedicationState | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      medicationHandle(deps.temporal.client, scheduleId).query(medicationStateQuery),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
