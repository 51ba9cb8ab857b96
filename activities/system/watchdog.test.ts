import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { subscribeToFamily, until } from '../../api/medications/test-family';
import { startTestApp, type TestApp } from '../../test/support/app';
import { signUp } from '../../test/support/http';
import { escalationWorkflowId } from '../../workflows/escalation/messages';
import { watchdogOf } from './testing/watchdog-of';

/** An escalation whose workflow dies pages nobody: the watchdog closes its row as failed, once (real stack). */
describe('the watchdog and a failed escalation', { timeout: 120_000 }, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app?.stop());

  test('terminated while paging → failed in the API, one timeline entry, the family hears it live; the next look changes nothing', { timeout: 60_000 }, async () => {
    const alice = await signUp(app.baseUrl, 'Alice');
    const familyId = (await alice.session.post('/api/families', { name: 'Watched' })).body.family.id as string;
    const raised = await alice.session.post(`/api/families/${familyId}/emergencies`, { note: 'Fell in the hall' });
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const escalationId = raised.body.escalation.id as string;
    const handle = app.client.workflow.getHandle(escalationWorkflowId(escalationId));
    const { runId } = await handle.describe();
    const live = await subscribeToFamily(app.baseUrl, alice.session, familyId);
    await handle.terminate('test: the workflow dies');

    const { reportFailedWorkflows } = watchdogOf(app);
    // Visibility may take a moment to list the closed run.
    const closed: string[] = [];
    await until('the watchdog to close the failed escalation', async () => {
      closed.push(...(await reportFailedWorkflows()).closed);
      return closed.includes(escalationId);
    });
    assert.deepEqual(closed.filter((id) => id === escalationId), [escalationId], 'closed once');

    const changed = await live.next((e) => e.type === 'escalation.changed' && e.escalation.id === escalationId);
    assert.equal(changed.type === 'escalation.changed' && changed.escalation.status, 'failed');
    live.close();
    const shown = await alice.session.get(`/api/families/${familyId}/escalations/${escalationId}`);
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.equal(shown.body.escalation.status, 'failed');
    assert.ok(shown.body.escalation.finishedAt, 'a failed escalation is finished');
    const failedEvents = async () =>
      (await app.dataSource.query(`SELECT dedupe_key FROM escalation_events WHERE escalation_id = $1 AND type = 'failed'`, [escalationId])) as { dedupe_key: string }[];
    assert.deepEqual((await failedEvents()).map((e) => e.dedupe_key), [`${escalationId}:failed/${runId}`]);

    // The next minute's look: nothing new, nothing recorded twice.
    assert.ok(!(await reportFailedWorkflows()).closed.includes(escalationId));
    assert.equal((await failedEvents()).length, 1);
  });

  test('a failed run on our queue whose id names no row (started by hand) → an ops line, and the look goes on; another queue\'s runs are not looked at', { timeout: 60_000 }, async (t) => {
    const workflowId = `by-hand-${randomBytes(4).toString('hex')}`;
    // Another deployment on the same namespace: its own queue, its own rows. Stopped first, so a look that lists ours would list it too.
    const elsewhere = await app.client.workflow.start('medicationSchedule', { taskQueue: `elsewhere-${workflowId}`, workflowId: `elsewhere-${workflowId}`, args: [{}] });
    await elsewhere.terminate('test: another deployment\'s run');
    const handle = await app.client.workflow.start('medicationSchedule', { taskQueue: app.taskQueue, workflowId, args: [{}] });
    await handle.terminate('test: started by hand, then stopped');
    const errors = t.mock.method(console, 'error', () => {});
    const { reportFailedWorkflows } = watchdogOf(app);
    const opsLine = () => errors.mock.calls.map((c) => String(c.arguments[0])).find((l) => l.includes(`workflow ${workflowId} `));
    // Visibility may take a moment to list the closed run; until then the look finds nothing of it.
    await until('the watchdog to name the run it cannot mark', async () => {
      await reportFailedWorkflows();
      return opsLine() !== undefined;
    });
    assert.match(opsLine()!, /^ops alert: medicationSchedule workflow by-hand-\w+ \(run [\w-]+\) terminated; its id names no row, so nothing was marked$/);
    assert.ok(!errors.mock.calls.some((c) => String(c.arguments[0]).includes(`elsewhere-${workflowId}`)), 'another queue\'s run is not looked at');
  });
});
