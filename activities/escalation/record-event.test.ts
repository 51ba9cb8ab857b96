import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { EVENTS_CHANNEL, type FamilyEventEnvelope } from '../../api/events/publisher';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { seedFamily } from './open-escalation.test-seed';
import { openEscalationActivities } from './open-escalation';
import { recordEventActivities } from './record-event';
import type { TimelineEventInput } from './types';

describe('recordEscalationEvent against PostgreSQL', () => {
  let db: TestDatabase;
  let listener: pg.Client;
  const heard: FamilyEventEnvelope[] = [];

  before(async () => {
    db = await createTestDatabase();
    listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', (n) => heard.push(JSON.parse(n.payload!)));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });
  after(async () => {
    await listener?.end();
    await db?.drop();
  });

  /** NOTIFY is delivered after commit; a round trip on the listener flushes anything already sent. */
  const settle = () => listener.query('SELECT 1');

  async function openOne() {
    const f = await seedFamily(db.dataSource);
    const escalationId = randomUUID();
    await openEscalationActivities(db).openEscalation({ escalationId, familyId: f.familyId, careRecipientId: f.recipientId, kind: 'medication', urgency: 'urgent' });
    const event = (e: Omit<TimelineEventInput, 'escalationId' | 'familyId'>): TimelineEventInput => ({ ...e, escalationId, familyId: f.familyId });
    const row = async () => (await db.dataSource.query('SELECT * FROM escalations WHERE id = $1', [escalationId]))[0];
    const timeline = async () => db.dataSource.query('SELECT type, user_id, channel FROM escalation_events WHERE escalation_id = $1 ORDER BY id', [escalationId]);
    return { ...f, escalationId, event, row, timeline };
  }

  test('a retried acknowledgement is written and announced once', async () => {
    const { recordEscalationEvent } = recordEventActivities(db);
    const e = await openOne();
    await settle();
    heard.length = 0;
    const ack = e.event({ type: 'acknowledged', userId: e.ben, via: 'sms', status: 'acknowledged', claimUntil: null, dedupeKey: 'acknowledged' });

    assert.deepEqual(await recordEscalationEvent(ack), { recorded: true });
    const first = await e.row();
    assert.deepEqual(await recordEscalationEvent(ack), { recorded: false });
    const second = await e.row();

    assert.deepEqual([first.status, first.answered_by, first.answered_via], ['acknowledged', e.ben, 'sms']);
    assert.ok(first.finished_at instanceof Date);
    assert.equal(second.answered_at.getTime(), first.answered_at.getTime());
    assert.deepEqual(await e.timeline(), [
      { type: 'started', user_id: null, channel: null },
      { type: 'acknowledged', user_id: e.ben, channel: null },
    ]);
    await settle();
    assert.deepEqual(heard.map((h) => h.event.type), ['escalation.timeline', 'escalation.changed']);
    const changed = heard[1]!.event;
    assert.ok(changed.type === 'escalation.changed' && changed.escalation.status === 'acknowledged' && changed.escalation.answeredBy === e.ben);
  });

  test("a step's start brings back where the row stands: a claim and an acknowledgement written there", async () => {
    const { recordEscalationEvent } = recordEventActivities(db);
    const e = await openOne();
    const step = (n: number) => recordEscalationEvent(e.event({ type: 'step_started', round: 1, step: n, dedupeKey: `step_started/r1/s${n}` }));
    assert.deepEqual(await step(1), { recorded: true, row: { status: 'active', answeredBy: null, answeredVia: null, claimUntil: null } });
    const claimUntil = new Date(Date.now() + 30 * 60_000).toISOString();
    await recordEscalationEvent(e.event({ type: 'claimed', userId: e.anna, via: 'app', status: 'claimed', claimUntil, dedupeKey: 'claimed/1' }));
    assert.deepEqual(await step(2), { recorded: true, row: { status: 'claimed', answeredBy: e.anna, answeredVia: 'app', claimUntil } });
    await recordEscalationEvent(e.event({ type: 'acknowledged', userId: e.ben, via: 'sms', status: 'acknowledged', claimUntil: null, dedupeKey: 'acknowledged' }));
    // A retried start records nothing, and still says where the row stands.
    assert.deepEqual(await step(2), { recorded: false, row: { status: 'acknowledged', answeredBy: e.ben, answeredVia: 'sms', claimUntil: null } });
    assert.deepEqual(await recordEscalationEvent(e.event({ type: 'claim_expired', userId: e.anna, dedupeKey: 'claim_expired/1' })), { recorded: true }, 'other events bring nothing back');
  });

  test('a claim sets the deadline; its lapse reopens; resolving keeps who answered first and the note', async () => {
    const { recordEscalationEvent } = recordEventActivities(db);
    const e = await openOne();
    const claimUntil = new Date(Date.now() + 30 * 60_000).toISOString();
    await recordEscalationEvent(e.event({ type: 'step_started', round: 1, step: 1, dedupeKey: 'step_started/r1/s1' }));
    const [stepStarted] = await db.dataSource.query(`SELECT at FROM escalation_events WHERE escalation_id = $1 AND type = 'step_started'`, [e.escalationId]);
    assert.equal((await e.row()).step_started_at.getTime(), stepStarted.at.getTime(), 'the app counts the next step from here');
    await recordEscalationEvent(e.event({ type: 'claimed', userId: e.anna, via: 'app', status: 'claimed', claimUntil, dedupeKey: 'claimed/1' }));
    let row = await e.row();
    assert.deepEqual([row.status, row.round, row.step, row.answered_by, row.claim_until.toISOString()], ['claimed', 1, 1, e.anna, claimUntil]);

    await recordEscalationEvent(e.event({ type: 'claim_expired', userId: e.anna, status: 'active', claimUntil: null, dedupeKey: 'claim_expired/1' }));
    row = await e.row();
    assert.deepEqual([row.status, row.claim_until, row.finished_at], ['active', null, null]);

    await recordEscalationEvent(e.event({ type: 'resolved', userId: e.ben, via: 'app', status: 'resolved', resolutionNote: 'All fine', dedupeKey: 'resolved' }));
    row = await e.row();
    assert.deepEqual([row.status, row.answered_by, row.resolution_note], ['resolved', e.anna, 'All fine']);
    assert.equal(row.resolved_by, e.ben, 'the resolved card says who closed it, not only who answered first');
    assert.ok(row.finished_at instanceof Date);
  });

  test('a late claim_expired cannot reopen an acknowledged escalation', async () => {
    const { recordEscalationEvent } = recordEventActivities(db);
    const e = await openOne();
    await recordEscalationEvent(e.event({ type: 'acknowledged', userId: e.ben, via: 'push', status: 'acknowledged', dedupeKey: 'acknowledged' }));
    await recordEscalationEvent(e.event({ type: 'claim_expired', status: 'active', claimUntil: null, dedupeKey: 'claim_expired/1' }));
    assert.equal((await e.row()).status, 'acknowledged');
  });

  test('a person deleted since, or an escalation that is gone, does not make the activity retry forever', async () => {
    const { recordEscalationEvent } = recordEventActivities(db);
    const e = await openOne();
    const deleted = randomUUID();
    assert.deepEqual(
      await recordEscalationEvent(e.event({ type: 'delivery', round: 1, step: 1, userId: deleted, channel: 'sms', dedupeKey: `delivery/r1/s1/${deleted}/sms` })),
      { recorded: true },
    );
    assert.deepEqual((await e.timeline()).at(-1), { type: 'delivery', user_id: null, channel: 'sms' });
    assert.deepEqual(
      await recordEscalationEvent({ escalationId: randomUUID(), familyId: e.familyId, type: 'unreached', status: 'unreached', dedupeKey: 'unreached' }),
      { recorded: false },
    );
  });
});
