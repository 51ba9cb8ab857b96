import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { contactActivities } from './contacts';

describe('planContacts: who is reached how, and whether a routine reminder waits', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db?.drop());

  let n = 0;
  async function person(opts: { phone?: string; zone?: string; channels?: string[]; quiet?: [string, string]; push?: boolean; unverified?: boolean }) {
    const verifiedAt = opts.unverified ? null : new Date();
    const [u] = await db.dataSource.query(
      `INSERT INTO users (email, password_hash, display_name, phone, time_zone, email_verified_at, phone_verified_at)
       VALUES ($1, 'x', 'P', $2::text, $3, $4::timestamptz, CASE WHEN $2::text IS NULL THEN NULL ELSE $4::timestamptz END) RETURNING id`,
      [`p${++n}@example.test`, opts.phone ?? null, opts.zone ?? 'Europe/Paris', verifiedAt],
    );
    if (opts.channels || opts.quiet) {
      await db.dataSource.query('INSERT INTO notification_preferences (user_id, channels, quiet_start, quiet_end) VALUES ($1, $2, $3, $4)', [
        u.id,
        opts.channels ?? ['push', 'sms', 'email'],
        opts.quiet?.[0] ?? null,
        opts.quiet?.[1] ?? null,
      ]);
    }
    if (opts.push) {
      await db.dataSource.query('INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [u.id, `https://push.example.test/${u.id}`, 'k', 'a']);
    }
    return u.id as string;
  }
  const planAt = (iso: string) => contactActivities({ dataSource: db.dataSource, now: () => new Date(iso) }).planContacts;
  const all = ['sms', 'email', 'push'] as const;

  test("each person's own order wins over the step's; channels they cannot receive are dropped", async () => {
    const smsFirst = await person({ phone: '+33600000001', push: true, channels: ['sms', 'push', 'email'] });
    const noSettings = await person({ phone: '+33600000002', push: true });
    const noPhoneNoPush = await person({});
    const plans = await planAt('2024-06-01T12:00:00Z')({ userIds: [smsFirst, noSettings, noPhoneNoPush], channels: [...all], urgency: 'urgent' });
    assert.deepEqual(plans, [
      { userId: smsFirst, channels: ['sms', 'push', 'email'], quietUntil: null },
      // No saved preferences: push, SMS, email.
      { userId: noSettings, channels: ['push', 'sms', 'email'], quietUntil: null },
      // A verified email works; no phone → no SMS; no subscription → no push.
      { userId: noPhoneNoPush, channels: ['email'], quietUntil: null },
    ]);
  });

  test("a step's channels limit the plan; a preference that leaves nothing still gets the alert through", async () => {
    const emailOnly = await person({ phone: '+33600000003', channels: ['email'] });
    const plan = planAt('2024-06-01T12:00:00Z');
    assert.deepEqual((await plan({ userIds: [emailOnly], channels: ['email', 'sms'], urgency: 'urgent' }))[0]!.channels, ['email']);
    // The step says SMS only; Email-only Ed still has a phone, so an escalation reaches him by SMS.
    assert.deepEqual((await plan({ userIds: [emailOnly], channels: ['sms'], urgency: 'urgent' }))[0]!.channels, ['sms']);
  });

  test('a phone or email that was typed but never proven is not a channel: a squatter cannot receive the family\'s alerts', { timeout: 30_000 }, async () => {
    const unproven = await person({ phone: '+33600000009', unverified: true });
    const withPush = await person({ phone: '+33600000010', unverified: true, push: true });
    const plans = await planAt('2024-06-01T12:00:00Z')({ userIds: [unproven, withPush], channels: [...all], urgency: 'emergency' });
    assert.deepEqual(plans, [
      { userId: unproven, channels: [], quietUntil: null },
      { userId: withPush, channels: ['push'], quietUntil: null },
    ]);
  });

  test('someone deleted since the policy was snapshotted gets an empty plan, not an error', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    assert.deepEqual(await planAt('2024-06-01T12:00:00Z')({ userIds: [ghost], channels: ['email'], urgency: 'urgent' }), [{ userId: ghost, channels: [], quietUntil: null }]);
  });

  test('a routine reminder at 23:30 in Paris waits for quiet hours (22:00–07:00) to end tomorrow at 07:00 Paris time', async () => {
    const sleeper = await person({ zone: 'Europe/Paris', quiet: ['22:00', '07:00'] });
    const input = { userIds: [sleeper], channels: ['email' as const], urgency: 'routine' as const };
    // 21:30Z is 23:30 in Paris (CEST, UTC+2).
    assert.equal((await planAt('2024-06-01T21:30:00Z')(input))[0]!.quietUntil, '2024-06-02T05:00:00.000Z');
    // 04:00Z is 06:00 in Paris: same night, ends this morning.
    assert.equal((await planAt('2024-06-02T04:00:00Z')(input))[0]!.quietUntil, '2024-06-02T05:00:00.000Z');
    // Midday: not quiet.
    assert.equal((await planAt('2024-06-02T10:00:00Z')(input))[0]!.quietUntil, null);
    // 05:00Z is exactly 07:00: the window is over.
    assert.equal((await planAt('2024-06-02T05:00:00Z')(input))[0]!.quietUntil, null);
  });

  test('quiet hours that do not cross midnight (13:00–15:00 nap in Kolkata)', async () => {
    const napper = await person({ zone: 'Asia/Kolkata', quiet: ['13:00', '15:00'] });
    const input = { userIds: [napper], channels: ['email' as const], urgency: 'routine' as const };
    // 08:00Z is 13:30 IST (UTC+5:30).
    assert.equal((await planAt('2024-06-01T08:00:00Z')(input))[0]!.quietUntil, '2024-06-01T09:30:00.000Z');
    assert.equal((await planAt('2024-06-01T10:00:00Z')(input))[0]!.quietUntil, null);
  });

  test('on the nights New York changes clocks, 07:00 is found in the new offset, not the old one', async () => {
    const nyc = await person({ zone: 'America/New_York', quiet: ['22:00', '07:00'] });
    const input = { userIds: [nyc], channels: ['email' as const], urgency: 'routine' as const };
    // Fall back, 3 Nov 2024: at 01:00 EDT (05:00Z) the night ends at 07:00 EST = 12:00Z (a fixed -4h would say 11:00Z).
    assert.equal((await planAt('2024-11-03T05:00:00Z')(input))[0]!.quietUntil, '2024-11-03T12:00:00.000Z');
    // Spring forward, 10 Mar 2024: at 23:00 EST on the 9th (04:00Z) it ends at 07:00 EDT = 11:00Z (a fixed -5h would say 12:00Z).
    assert.equal((await planAt('2024-03-10T04:00:00Z')(input))[0]!.quietUntil, '2024-03-10T11:00:00.000Z');
  });

  test('quiet hours ending inside the spring gap end when the clock jumps past it', async () => {
    // 02:30 does not exist in Paris on 31 Mar 2024 (02:00 CET → 03:00 CEST): quiet hours end
    // at the jump, 03:00 CEST = 01:00Z, the first moment the clock shows a time past 02:30.
    const gap = await person({ zone: 'Europe/Paris', quiet: ['23:00', '02:30'] });
    const [plan] = await planAt('2024-03-30T23:30:00Z')({ userIds: [gap], channels: ['email'], urgency: 'routine' });
    assert.equal(plan!.quietUntil, '2024-03-31T01:00:00.000Z');
  });

  test('urgent escalations and emergencies break through quiet hours', async () => {
    const sleeper = await person({ zone: 'Europe/Paris', quiet: ['22:00', '07:00'] });
    for (const urgency of ['urgent', 'emergency'] as const) {
      const [plan] = await planAt('2024-06-01T23:00:00Z')({ userIds: [sleeper], channels: ['email'], urgency });
      assert.equal(plan!.quietUntil, null, urgency);
    }
  });
});
