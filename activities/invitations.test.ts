import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/activity';
import pg from 'pg';
import { EVENTS_CHANNEL } from '../api/events/publisher';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { seedInvitation } from '../test/support/temporal';
import { invitationActivities } from './invitations';

describe('expireInvitation against PostgreSQL', () => {
  let db: TestDatabase;
  let listener: pg.Client;
  const events: string[] = [];

  before(async () => {
    db = await createTestDatabase();
    listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', (n) => events.push(n.payload!));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });
  after(async () => {
    await listener?.end();
    await db?.drop();
  });

  /** NOTIFY is delivered after commit; a round trip on the listener flushes anything already sent. */
  const settle = () => listener.query('SELECT 1');

  test('a retried expiry changes nothing and announces nothing the second time', async () => {
    const { expireInvitation } = invitationActivities({ dataSource: db.dataSource });
    const { invitationId } = await seedInvitation(db.dataSource, { ttlMs: 0 });
    events.length = 0;

    assert.deepEqual(await expireInvitation({ invitationId }), { expired: true, status: 'expired' });
    const [first] = await db.dataSource.query('SELECT answered_at FROM invitations WHERE id = $1', [invitationId]);
    assert.deepEqual(await expireInvitation({ invitationId }), { expired: false, status: 'expired' });
    const [second] = await db.dataSource.query('SELECT answered_at FROM invitations WHERE id = $1', [invitationId]);

    assert.equal(second.answered_at.getTime(), first.answered_at.getTime());
    await settle();
    assert.equal(events.length, 1);
    assert.equal(JSON.parse(events[0]!).event.invitation.status, 'expired');
  });

  test('an invitation accepted just before the timer fired stays accepted', async () => {
    const { expireInvitation } = invitationActivities({ dataSource: db.dataSource });
    const { invitationId } = await seedInvitation(db.dataSource, { ttlMs: 0, status: 'accepted' });
    assert.deepEqual(await expireInvitation({ invitationId }), { expired: false, status: 'accepted' });
  });

  test('a deleted invitation is reported gone; a malformed id fails without retrying', async () => {
    const { expireInvitation } = invitationActivities({ dataSource: db.dataSource });
    assert.deepEqual(await expireInvitation({ invitationId: randomUUID() }), { expired: false, status: null });
    await assert.rejects(
      expireInvitation({ invitationId: 'not-a-uuid' }),
      (err) => err instanceof ApplicationFailure && err.nonRetryable && err.type === 'InvalidInvitationId',
    );
  });
});
