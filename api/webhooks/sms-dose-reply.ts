import { medicationHandle } from '../../temporal/medications';
import { EARLY_ANSWER_MINUTES, skippedUpdate, takenUpdate, type MedicationState } from '../../workflows/medication/messages';
import { recordAudit, type AuditOrigin } from '../audit/record';
import type { AppDeps } from '../deps';
import { liveState } from '../medications/live-state';
import { replyLanguage, smsReplyTexts } from './sms-reply-texts';
import { isWorkflowRefusal } from '../http/workflow-refusal';
import { refusalOnRecord } from '../medications/missed-dose-refusal';

/** "TAKEN" (or given / done) marks the dose given; "SKIP <reason>" marks it not given. */
// Matched on the trimmed text with a greedy tail: a lazy tail before `\s*$` backtracks
// quadratically (60,000 spaces held the event loop for 2 s).
const DOSE_REPLY = /^(taken|given|done|skip|skipped)\b[\s:,.!-]*(.*)$/i;

export const isDoseReply = (text: string) => DOSE_REPLY.test(text.trim());

interface Candidate {
  scheduleId: string;
  familyId: string;
  userId: string;
  doseKey: string;
}

/**
 * A reply to a medication reminder. The SMS names no medication (it crosses carriers in
 * clear), so the reply names none either: it answers the one dose waiting for this
 * phone's person — the dose reminded now, or else the next one if it is due within the
 * early window. More than one such dose is ambiguous, and the app is the place to choose.
 */
export async function handleDoseReply(deps: AppDeps, from: string, text: string, origin: AuditOrigin): Promise<string> {
  const [, word, rest] = DOSE_REPLY.exec(text.trim())!;
  const skip = word!.toLowerCase().startsWith('skip');
  const reason = rest!.trim();
  const words = smsReplyTexts[await replyLanguage(deps, from)];
  if (skip && !reason) return words.skipNeedsReason;

  const candidates = await openDoses(deps, from);
  if (candidates.length === 0) return words.noDose;
  if (candidates.length > 1) {
    return words.severalDoses(candidates.length, `${deps.config.appBaseUrl}/families/${candidates[0]!.familyId}/today`);
  }
  const dose = candidates[0]!;
  const handle = medicationHandle(deps.temporal.client, dose.scheduleId);
  const answer = { doseKey: dose.doseKey, userId: dose.userId, via: 'sms' as const };
  try {
    if (skip) await handle.executeUpdate(skippedUpdate, { args: [{ ...answer, reason: reason.slice(0, 500) }] });
    else await handle.executeUpdate(takenUpdate, { args: [answer] });
  } catch (err) {
    // Answered meanwhile in the app, recorded missed, or the dose moved on: the workflow and the record say which.
    if (isWorkflowRefusal(err)) {
      const said = { type: err.cause.type ?? '', message: err.cause.message };
      const { type, message } = await refusalOnRecord(deps.dataSource, dose.scheduleId, dose.doseKey, said);
      return words.refused(type, dose.doseKey.slice(11), message);
    }
    throw err;
  }
  await recordAudit(deps.dataSource, {
    ...origin,
    familyId: dose.familyId,
    userId: dose.userId,
    action: 'answer',
    resourceType: 'dose',
    resourceId: `${dose.scheduleId}/${dose.doseKey}`,
    outcome: 'allowed',
    operation: 'smsDoseReply',
  });
  return skip ? words.skipped(dose.doseKey.slice(11)) : words.taken(dose.doseKey.slice(11));
}

/** Doses this phone's verified owner may answer (caregivers and admins of running schedules), as the workflows see them now. */
async function openDoses(deps: AppDeps, phone: string): Promise<Candidate[]> {
  const rows = (await deps.dataSource.query(
    `SELECT s.id AS schedule_id, s.family_id, m.user_id
       FROM users u
       JOIN memberships m ON m.user_id = u.id AND m.role IN ('admin', 'caregiver')
       JOIN medication_schedules s ON s.family_id = m.family_id AND s.status = 'active'
      WHERE u.phone = $1 AND u.phone_verified_at IS NOT NULL`,
    [phone],
  )) as { schedule_id: string; family_id: string; user_id: string }[];
  const states = await Promise.all(rows.map((r) => liveState(deps, r.schedule_id)));
  const pick = (want: (s: MedicationState) => string | null) =>
    rows.flatMap((r, i) => {
      const doseKey = states[i] ? want(states[i]) : null;
      return doseKey ? [{ scheduleId: r.schedule_id, familyId: r.family_id, userId: r.user_id, doseKey }] : [];
    });
  const reminded = pick((s) => s.pendingDose?.doseKey ?? null);
  if (reminded.length > 0) return reminded;
  const soon = Date.now() + EARLY_ANSWER_MINUTES * 60_000;
  return pick((s) => (s.phase === 'scheduled' && s.nextDose && Date.parse(s.nextDose.dueAt) <= soon ? s.nextDose.doseKey : null));
}
