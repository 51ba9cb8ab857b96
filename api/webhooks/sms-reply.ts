import { recordAudit, type AuditOrigin } from '../audit/record';
import type { AppDeps } from '../deps';
import { externalAnswerSignal, escalationWorkflowId } from '../../workflows/escalation/messages';
import { handleDoseReply, isDoseReply } from './sms-dose-reply';
import { replyLanguage, smsReplyTexts } from './sms-reply-texts';
import { handleShiftReply, isShiftReply } from './sms-shift-reply';

/** "4821" acknowledges; "4821 claim" (or "4821 on it") says "I'm on it". */
// On the trimmed text: `\s*[.!]?\s*$` backtracked quadratically on a long run of spaces.
const REPLY = /^(\d{4})(?:\s+(claim|on it|onit))?\s*[.!]?$/i;

/** An alert's 4-digit code, optionally with CLAIM / ON IT: [, code, claim] or null. */
export const readAlertReply = (text: string) => REPLY.exec(text.trim());

/**
 * An SMS reply from a phone number, already authenticated (Twilio signature, or the dev
 * outbox's logged-in user). Only the account that verified the number answers for it, and
 * only while a member: the join reads memberships now, not when the alert began. Finds the
 * sender's open escalation by its code and hands the answer to the workflow; TAKEN / SKIP
 * answer the sender's waiting medication dose instead (sms-dose-reply.ts), IN / OUT <note>
 * check the sender in on or out of their shift (sms-shift-reply.ts). Returns the
 * text to send back. An answer that reached a workflow is written to the audit trail as the
 * phone owner's, from `origin` (Twilio's address for the webhook).
 */
export async function handleSmsReply(deps: AppDeps, from: string, text: string, origin: AuditOrigin): Promise<string> {
  if (isDoseReply(text)) return handleDoseReply(deps, from, text, origin);
  if (isShiftReply(text)) return handleShiftReply(deps, from, text, origin);
  const words = smsReplyTexts[await replyLanguage(deps, from)];
  const match = readAlertReply(text);
  if (!match) return words.unknown;
  const [, code, claimWord] = match;
  const rows: { escalation_id: string; family_id: string; user_id: string }[] = await deps.dataSource.query(
    `SELECT e.id AS escalation_id, e.family_id, u.id AS user_id
       FROM escalations e
       JOIN memberships m ON m.family_id = e.family_id
       JOIN users u ON u.id = m.user_id
      WHERE e.ack_code = $1 AND e.status IN ('active', 'claimed') AND u.phone = $2 AND u.phone_verified_at IS NOT NULL
      LIMIT 1`,
    [code, from],
  );
  const hit = rows[0];
  if (!hit) return words.noAlert(code!);
  const action = claimWord ? 'claim' : 'acknowledge';
  await deps.temporal.client.workflow
    .getHandle(escalationWorkflowId(hit.escalation_id))
    .signal(externalAnswerSignal, { userId: hit.user_id, via: 'sms', action });
  await recordAudit(deps.dataSource, {
    ...origin,
    familyId: hit.family_id,
    userId: hit.user_id,
    action: 'answer',
    resourceType: 'escalation',
    resourceId: hit.escalation_id,
    outcome: 'allowed',
    operation: 'smsReply',
  });
  return action === 'claim' ? words.claimed : words.acknowledged;
}
