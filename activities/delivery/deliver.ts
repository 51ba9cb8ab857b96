import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { answerSigningKey, signAnswerToken } from '../../api/answers/tokens';
import type { Queryable } from '../../api/events/publisher';
import type { DeliveryRequest, DeliveryResult } from '../escalation/types';
import { observeSend } from '../metrics/reminders';
import { providerFor, sendOnce } from './attempts';
import { addressesOf, pushSubscriptionsOf, sendEmail, sendPush, sendSms } from './channels';
import { permanentFailure } from './failures';
import { wallClockAt } from '../time/zoned-time';
import { emailText, smsText, writeMessage, type EscalationContext } from './messages';
import { ACK_ACTION, ACK_DONE } from './messages-fr';

export interface DeliveryDeps {
  dataSource: DataSource;
  config: Config;
}

/** An answer link or push action works for a day; after that the person answers in the app. */
const ANSWER_TOKEN_TTL_S = 24 * 3600;

/**
 * `deliver` sends one escalation alert and records the attempt, once per idempotency key
 * (see sendOnce in attempts.ts for the guard and its one crash window).
 */
export function deliveryActivities({ dataSource, config }: DeliveryDeps) {
  return {
    async deliver(req: DeliveryRequest): Promise<DeliveryResult> {
      const attempt = { ...req, scheduleId: null, doseKey: null };
      const gone = `escalation ${req.escalationId}: family, escalation or user no longer exists`;
      const meta = { kind: req.template, channel: req.channel, provider: providerFor(config, req.channel) };
      return observeSend(meta, (firstClaim) => sendOnce(dataSource, config, attempt, gone, () => send(dataSource, config, req), firstClaim));
    },
  };
}

async function loadContext(db: Queryable, req: DeliveryRequest): Promise<EscalationContext> {
  const rows = (await db.query(
    `SELECT e.id, e.family_id, e.kind, e.ack_code, e.note, r.display_name AS recipient_name, s.display_name AS started_by_name,
            sh.start_at AS shift_start, sh.time_zone AS shift_zone, a.display_name AS assignee_name
       FROM escalations e
       LEFT JOIN care_recipients r ON r.id = e.care_recipient_id
       LEFT JOIN users s ON s.id = e.started_by
       LEFT JOIN shifts sh ON sh.id = e.shift_id
       LEFT JOIN users a ON a.id = sh.assignee_id
      WHERE e.id = $1`,
    [req.escalationId],
  )) as Record<string, any>[];
  const e = rows[0];
  if (!e) throw permanentFailure(`escalation ${req.escalationId} no longer exists`);
  return {
    escalationId: e.id,
    familyId: e.family_id,
    kind: e.kind,
    ackCode: e.ack_code,
    note: e.note ?? null,
    recipientName: e.recipient_name ?? null,
    startedByName: e.started_by_name ?? null,
    shift: e.shift_start ? { assigneeName: e.assignee_name ?? null, time: wallClockAt(e.shift_zone, new Date(e.shift_start).getTime()).localTime } : null,
  };
}

async function answerToken(db: Queryable, c: EscalationContext, userId: string, channel: 'email' | 'push'): Promise<string> {
  const exp = Math.floor(Date.now() / 1000) + ANSWER_TOKEN_TTL_S;
  return signAnswerToken(await answerSigningKey(db), { escalationId: c.escalationId, familyId: c.familyId, userId, channel, exp });
}

async function send(db: DataSource, config: Config, req: DeliveryRequest): Promise<{ providerMessageId: string | null }> {
  const user = await addressesOf(db, req.userId);
  const c = await loadContext(db, req);
  // "Nobody answered" is news, not a question: it carries no answer link or reply code.
  const answerable = req.template !== 'unreached';

  switch (req.channel) {
    case 'email': {
      const link = answerable ? `${config.appBaseUrl}/answer?token=${await answerToken(db, c, req.userId, 'email')}` : null;
      return sendEmail(db, config, req, user.email, { ...emailText(req.template, c, link, user.language), link });
    }
    case 'sms':
      return sendSms(db, config, req, user.phone, smsText(req.template, c, user.language));
    case 'push': {
      const subs = await pushSubscriptionsOf(db, config, req.userId);
      const m = writeMessage(req.template, c, true, user.language);
      const token = answerable ? await answerToken(db, c, req.userId, 'push') : null;
      const payload = {
        title: m.title,
        body: m.body,
        escalationId: c.escalationId,
        familyId: c.familyId,
        actions: token ? [{ action: 'acknowledge', title: ACK_ACTION[user.language] }] : [],
        ...(token ? { answerToken: token, answerUrl: `/api/answers/${token}`, acknowledged: ACK_DONE[user.language] } : {}),
      };
      const link = token ? `${config.appBaseUrl}/answer?token=${token}` : null;
      return sendPush(db, config, req, subs, { payload, urgency: req.urgency, outboxCopy: { subject: m.title, body: m.body, link } });
    }
  }
}
