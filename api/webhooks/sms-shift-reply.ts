import { WorkflowNotFoundError } from '@temporalio/client';
import { checkInShift, checkOutShift } from '../../temporal/shifts';
import { recordAudit, type AuditOrigin } from '../audit/record';
import type { AppDeps } from '../deps';
import { publishShiftChanged } from '../events/shifts';
import { replyLanguage } from './sms-reply-texts';
import { shiftReplyTexts } from './sms-shift-reply-texts';
import { isWorkflowRefusal } from '../http/workflow-refusal';

/** "IN" alone checks in; "OUT <note>" checks out with the note (the next shift reads it). */
// On the trimmed text, with a greedy tail (a lazy one before `\s*$` backtracks quadratically).
const SHIFT_REPLY = /^(?:(in)\s*[.!]?|(out)\b[\s:,.!-]*([\s\S]*))$/i;

/** How early an SMS "IN" may open a shift: arriving a little ahead is normal, the 2-hour reminder is not an arrival. */
export const SMS_CHECK_IN_EARLY_MINUTES = 60;
/** The handoff note's bound in the app (ShiftCheckOutInput); an SMS note is cut to it rather than lost. */
const NOTE_MAX = 2000;

export const isShiftReply = (text: string) => SHIFT_REPLY.test(text.trim());

interface Candidate {
  shift_id: string;
  family_id: string;
  user_id: string;
  start_local: string;
  /** A shift before it (same recipient) left a handoff note: free text, so only said to exist. */
  has_note?: boolean;
}

/**
 * A caregiver's arrival or departure by SMS. Like a dose reply, the text names no shift
 * and no person (it crosses carriers in clear): it acts on the one shift of this phone's
 * verified owner that fits: for IN, their own shift due now (from an hour before its start
 * to its end) and not yet checked in; for OUT, the shift they are checked in on. The
 * answer goes to the shift's workflow as the same Update the app sends (so the late
 * ladder's all-clear, the checks and the record are the app's own), with via 'sms'.
 * More than one fitting shift is ambiguous, and the app is the place to choose.
 */
export async function handleShiftReply(deps: AppDeps, from: string, text: string, origin: AuditOrigin): Promise<string> {
  const [, inWord, , rest] = SHIFT_REPLY.exec(text.trim())!;
  const checkingIn = inWord !== undefined;
  const note = (rest ?? '').trim();
  const words = shiftReplyTexts[await replyLanguage(deps, from)];
  if (!checkingIn && !note) return words.outNeedsNote;

  const candidates = checkingIn ? await dueShifts(deps, from) : await shiftsCheckedIn(deps, from);
  if (candidates.length === 0) {
    return checkingIn ? words.noneDue : words.notCheckedIn;
  }
  if (candidates.length > 1) {
    return words.several(candidates.length, `${deps.config.appBaseUrl}/families/${candidates[0]!.family_id}/today`);
  }
  const shift = candidates[0]!;
  const client = deps.temporal.client;
  try {
    if (checkingIn) await checkInShift(client, shift.shift_id, { userId: shift.user_id, via: 'sms', location: null });
    else await checkOutShift(client, shift.shift_id, { userId: shift.user_id, via: 'sms', handoffNote: note.slice(0, NOTE_MAX), tasksDone: [] });
  } catch (err) {
    const refusal = refusalText(err, words);
    if (refusal) return refusal;
    throw err;
  }
  await publishShiftChanged(deps.dataSource, shift.family_id, shift.shift_id);
  await recordAudit(deps.dataSource, {
    ...origin,
    familyId: shift.family_id,
    userId: shift.user_id,
    action: 'answer',
    resourceType: 'shift',
    resourceId: shift.shift_id,
    outcome: 'allowed',
    operation: 'smsShiftReply',
  });
  const at = shift.start_local.slice(11, 16);
  return checkingIn ? words.checkedIn(at, Boolean(shift.has_note)) : words.checkedOut(at);
}

/** The workflow refused (checked in meanwhile in the app, over, not opened yet): its words, which name nobody. */
function refusalText(err: unknown, words: (typeof shiftReplyTexts)[keyof typeof shiftReplyTexts]): string | null {
  if (err instanceof WorkflowNotFoundError) return words.notOpen;
  if (isWorkflowRefusal(err)) return words.refused(err.cause.type ?? '', err.cause.message);
  return null;
}

/**
 * The verified phone owner's own shifts (as assignee, while a caregiver or admin of the
 * family now) from SMS_CHECK_IN_EARLY_MINUTES before the start until the end, not checked in.
 */
async function dueShifts(deps: AppDeps, phone: string): Promise<Candidate[]> {
  return (await deps.dataSource.query(
    `SELECT s.id AS shift_id, s.family_id, u.id AS user_id, s.start_local,
            EXISTS (SELECT 1 FROM shifts x WHERE x.care_recipient_id = s.care_recipient_id AND x.id <> s.id
                       AND x.handoff_note IS NOT NULL AND x.start_at < s.start_at) AS has_note
       FROM users u
       JOIN shifts s ON s.assignee_id = u.id
       JOIN memberships m ON m.user_id = u.id AND m.family_id = s.family_id AND m.role IN ('admin', 'caregiver')
      WHERE u.phone = $1 AND u.phone_verified_at IS NOT NULL
        AND s.checked_in_at IS NULL AND s.state NOT IN ('done', 'cancelled')
        AND s.start_at <= now() + make_interval(mins => $2) AND s.end_at > now()
      ORDER BY s.start_at`,
    [phone, SMS_CHECK_IN_EARLY_MINUTES],
  )) as Candidate[];
}

/** The shifts the verified phone owner checked in on and has not left. */
async function shiftsCheckedIn(deps: AppDeps, phone: string): Promise<Candidate[]> {
  return (await deps.dataSource.query(
    `SELECT s.id AS shift_id, s.family_id, u.id AS user_id, s.start_local
       FROM users u
       JOIN shifts s ON s.checked_in_by = u.id
       JOIN memberships m ON m.user_id = u.id AND m.family_id = s.family_id AND m.role IN ('admin', 'caregiver')
      WHERE u.phone = $1 AND u.phone_verified_at IS NOT NULL
        AND s.checked_out_at IS NULL AND s.state = 'on_shift'
      ORDER BY s.start_at`,
    [phone],
  )) as Candidate[];
}
