import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startAppointmentFamily, type AppointmentFamily } from '../../api/appointments/test-family';
import { until } from '../../api/medications/test-family';
import { appointmentSeriesWorkflowId } from '../../workflows/appointment/messages';
import { careShiftWorkflowId, shiftRotationWorkflowId } from '../../workflows/shift/messages';
import { createRotationAndShift } from './testing/rotation-and-shift';
import { watchdogOf } from './testing/watchdog-of';

/**
 * An appointment series, a shift rotation or a one-off shift whose row says active while no
 * workflow of it exists reminds nobody: the watchdog starts its workflow, once, and tells
 * ops. A row still settling, and rows whose workflows run, are left alone; one whose
 * workflow was terminated is told to ops, not started (real stack).
 */
describe('the watchdog and an appointment series, a rotation or a one-off shift whose workflow never started', { timeout: 240_000 }, () => {
  let f: AppointmentFamily;
  before(async () => {
    f = await startAppointmentFamily();
  });
  after(() => f?.app.stop());

  /** A copy of a row as the API commits it, changed `ago`, with no workflow started: the API died in between. */
  async function committedWithoutWorkflow(table: string, like: string, ago: string): Promise<string> {
    const id = randomUUID();
    await f.app.dataSource.query(
      `INSERT INTO ${table} SELECT (jsonb_populate_record(NULL::${table}, to_jsonb(t) || jsonb_build_object('id', $1::uuid, 'updated_at', now() - $2::interval))).* FROM ${table} t WHERE id = $3`,
      [id, ago, like],
    );
    return id;
  }
  const statusOf = async (workflowId: string) => (await f.app.client.workflow.getHandle(workflowId).describe()).status.name;

  test('lost → started once; settling or running → left alone; a later loss is found while the rotation\'s own shifts run; a terminated one is told to ops', { timeout: 200_000 }, async (t) => {
    const series = (await f.create()).id as string;
    const { rotation, shift } = await createRotationAndShift(f);
    // The rotation opens tomorrow's shift (two days before it) as its child: not a one-off shift.
    await until('the rotation to open its first shift', async () =>
      (await f.app.client.workflow.count(`WorkflowType = 'careShift' AND TaskQueue = '${f.app.taskQueue}' AND ExecutionStatus = 'Running' AND ParentWorkflowId IS NOT NULL`)).count >= 1,
    60_000);
    for (const table of ['appointment_series', 'shift_rotations', 'shifts']) {
      await f.app.dataSource.query(`UPDATE ${table} SET updated_at = now() - interval '10 minutes' WHERE family_id = $1`, [f.familyId]);
    }
    const lostSeries = await committedWithoutWorkflow('appointment_series', series, '5 minutes');
    const lostRotation = await committedWithoutWorkflow('shift_rotations', rotation, '5 minutes');
    const lostShift = await committedWithoutWorkflow('shifts', shift, '5 minutes');
    const settling = await committedWithoutWorkflow('appointment_series', series, '0 seconds');

    const { reportFailedWorkflows } = watchdogOf(f.app);
    const first = await reportFailedWorkflows();
    assert.deepEqual(first.started, [appointmentSeriesWorkflowId(lostSeries), shiftRotationWorkflowId(lostRotation), careShiftWorkflowId(lostShift)]);
    assert.deepEqual(first.lost, []);
    for (const id of first.started) assert.equal(await statusOf(id), 'RUNNING', id);
    await assert.rejects(statusOf(appointmentSeriesWorkflowId(settling)), /not found/i, 'a row still settling is left to the API');

    assert.deepEqual((await reportFailedWorkflows()).started, [], 'running now: not started again');
    // A second loss after the first look: more one-off rows than top-level shift workflows, though the rotation's shifts run.
    const lostLater = await committedWithoutWorkflow('shifts', shift, '5 minutes');
    assert.deepEqual((await reportFailedWorkflows()).started, [careShiftWorkflowId(lostLater)]);

    // Terminated (not missing): not started again, since someone stopped it; ops hear of it.
    await f.app.client.workflow.getHandle(careShiftWorkflowId(lostLater)).terminate('an operator stopped it');
    const opsLines: string[] = [];
    t.mock.method(console, 'error', (line: string) => opsLines.push(line));
    await until('the terminated shift told to ops', async () => {
      assert.deepEqual((await reportFailedWorkflows()).started, []);
      return opsLines.some((l) => l.startsWith(`ops alert: careShift workflow ${careShiftWorkflowId(lostLater)} (run `) && l.endsWith(') terminated'));
    }, 30_000);
    t.mock.restoreAll();
    // That shift's row is settled and its workflow exists without running: explained, it does not make every look list every workflow.
    const listed: string[] = [];
    const list = f.app.client.workflow.list.bind(f.app.client.workflow);
    t.mock.method(f.app.client.workflow, 'list', (options?: { query?: string }) => (listed.push(options?.query ?? ''), list(options)));
    assert.deepEqual((await reportFailedWorkflows()).started, []);
    // A full look lists every running workflow of a kind; narrower listings (paused schedules) are cheap and allowed.
    const fullLook = /ExecutionStatus = 'Running' AND TaskQueue = '[^']*'( AND ParentWorkflowId IS NULL)?$/;
    assert.deepEqual(listed.filter((q) => fullLook.test(q)), [], 'no running workflow listed again');
    t.mock.restoreAll();

    for (const id of [...first.started, shiftRotationWorkflowId(rotation)]) await f.app.client.workflow.getHandle(id).terminate('test over');
  });
});
