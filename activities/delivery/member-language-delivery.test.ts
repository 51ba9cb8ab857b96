import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { seedScheduleRow } from '../medication/schedule.test-seed';
import type { MedicationMessageInput } from '../medication/types';
import { medicationDeliveryActivities } from './medication-delivery';
import { startDeliveryTestEnv, type DeliveryTestEnv } from './testing/delivery-test-env';

describe('a reminder is written in the language its reader has when it is sent', { timeout: 60_000 }, () => {
  let env: DeliveryTestEnv;
  let f: Awaited<ReturnType<typeof seedScheduleRow>>;

  before(async () => {
    env = await startDeliveryTestEnv();
    f = await seedScheduleRow(env.db.dataSource);
    await env.db.dataSource.query(`UPDATE users SET phone = CASE WHEN id = $1 THEN '+33698760001' ELSE '+33698760002' END, phone_verified_at = now() WHERE id IN ($1, $2)`, [
      f.anna,
      f.ben,
    ]);
    await env.db.dataSource.query(`UPDATE users SET language = 'fr' WHERE id = $1`, [f.anna]);
  });
  after(() => env?.close());

  const send = async (userId: string, channel: MedicationMessageInput['channel']) => {
    const idempotencyKey = `med/${f.scheduleId}/2026-03-28T08:00/due/${userId}/${channel}/${randomUUID()}`;
    const input: MedicationMessageInput = { scheduleId: f.scheduleId, familyId: f.familyId, userId, channel, kind: 'due', doseKey: '2026-03-28T08:00', idempotencyKey };
    assert.equal((await medicationDeliveryActivities({ dataSource: env.db.dataSource, config: env.outboxOnly }).sendMedicationMessage(input)).status, 'sent');
    const [row] = (await env.db.dataSource.query('SELECT subject, body FROM outbox_messages WHERE idempotency_key = $1', [idempotencyKey])) as { subject: string | null; body: string }[];
    return row!;
  };

  test('Anna chose French, Ben never chose: the same due dose reaches each in their own words, still discreet by SMS', { timeout: 20_000 }, async () => {
    assert.equal(
      (await send(f.anna, 'sms')).body,
      'CareCircle : un médicament pour Grandma est à donner maintenant (08:00, heure de Grandma). Répondez TAKEN une fois donné, ou SKIP et la raison.',
    );
    assert.equal((await send(f.ben, 'sms')).body, "CareCircle: a medication for Grandma is due now (08:00 Grandma's time). Reply TAKEN once given, or SKIP and the reason.");
    const mail = await send(f.anna, 'email');
    assert.equal(mail.subject, 'CareCircle : c’est l’heure (08:00, heure de Grandma)');
    assert.match(mail.body, /^C’est l’heure \(08:00, heure de Grandma\) : Metformin \(500 mg\) pour Grandma\./);
  });

  test('a language changed after the reminder was scheduled applies to the next send: it is read at send time, not carried by the workflow', { timeout: 20_000 }, async () => {
    await env.db.dataSource.query(`UPDATE users SET language = 'en' WHERE id = $1`, [f.anna]);
    assert.match((await send(f.anna, 'sms')).body, /^CareCircle: a medication for Grandma is due now/);
    await env.db.dataSource.query(`UPDATE users SET language = 'fr' WHERE id = $1`, [f.anna]);
  });
});
