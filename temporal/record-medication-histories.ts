/**
 * Records the medication schedule's replay fixtures, each path once, into
 * workflows/medication/histories/ (RECORD_OUT overrides it, to try the script safely):
 *
 *   npm run record:medication-histories
 *
 * A history holds what the activities returned, not how, so the in-memory fakes of
 * workflows/medication/testing stand in for PostgreSQL and the providers, and days pass
 * in seconds on the time-skipping server. Continue-as-new only happens on a real server
 * that suggests it: a private dev server is told to from 10 events, and the doses are a
 * few minutes ahead, given early. When the workflow changes on purpose, add new fixtures
 * beside the old ones rather than replacing them: the old ones stand for running schedules.
 * The `*.hot-path.json` fixtures (issue 12: one reminder activity, local lookups and
 * records) were recorded so, with RECORD_OUT=/tmp/… and renamed; the survival paths likewise
 * from record-survival-histories.ts. The `*.one-task.json` fixtures (ONE_TASK_AT_DUE: one patch per
 * run, the due reminder a local activity) likewise, and the `*.with-record.json` ones (LOOKED_UP_WITH_RECORD:
 * the doses ahead come back with the record), the `*.edit-wakes.json` ones (EDIT_DURING_LOOKUP_WAKES)
 * and the `*.read-before-paging.json` ones (ANSWER_READ_BEFORE_PAGING, every path that reaches a window's end unanswered;
 * `edit-signal-lost.row-settings.json` takes the row's settings from a lookup). Their keys are one comma-separated line in the folder's key file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { doseEscalationId } from '../activities/medication/activities';
import { escalationWorkflowId } from '../workflows/escalation/messages';
import { deleteScheduleSignal, pauseSignal, resumeSignal, scheduleChangedSignal, snoozeUpdate, takenUpdate, type DoseAnswer } from '../workflows/medication/messages';
import { dosesSoon } from '../workflows/medication/testing/doses-soon';
import { createMedicationHarness } from '../workflows/medication/testing/harness';
import { holdableLookups, saveAndSignalTimes } from '../workflows/medication/testing/held-lookup';
import { privateDevServer } from '../workflows/medication/testing/servers';
import { startSpringForwardSchedule } from '../workflows/medication/testing/spring-forward';
import { useFixtureKey } from './codec/fixture-keys';
import { historyToJson } from './history-json';

const out = process.env.RECORD_OUT ?? path.resolve(import.meta.dirname, '..', 'workflows', 'medication', 'histories');
fs.mkdirSync(out, { recursive: true });
const fixtureKey = useFixtureKey();

async function save(name: string, client: Client, workflowId: string, runId?: string): Promise<void> {
  const file = path.join(out, `${name}.json`);
  fs.writeFileSync(file, historyToJson(await client.workflow.getHandle(workflowId, runId).fetchHistory()));
  fixtureKey.remember(out);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

const h = createMedicationHarness();
const lookups = holdableLookups(h.activities);
await h.start();
try {
  const { caregiver, backup, scheduleOf, skipTo, until, untilChainWaits, remindersOf, pages } = h;
  const answer = (doseKey: string, userId = caregiver, via: DoseAnswer['via'] = 'app') => ({ args: [{ doseKey, userId, via }] as [DoseAnswer] });
  const paged = (escalationId: string) => until(() => pages.some((p) => p.escalationId === escalationId), 'the backup paged');

  {
    // Reminded at 08:00, taken at 08:05.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({});
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    await skipTo(dueMs('08:05'));
    await handle.executeUpdate(takenUpdate, answer(key('08:00')));
    await handle.result();
    await save('taken-on-time', h.client(), handle.workflowId);
  }
  {
    // Given at 07:30, before the 07:45 heads-up: never reminded.
    const { handle, dueMs, key } = await scheduleOf({ headsUpMinutes: 15 });
    await skipTo(dueMs('07:30'));
    await handle.executeUpdate(takenUpdate, answer(key('08:00')));
    await handle.result();
    await save('taken-early', h.client(), handle.workflowId);
  }
  {
    // Snoozed at 08:02, reminded again at 08:12, taken at 08:40.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { snoozeMinutes: 10, answerWindowMinutes: 30 });
    await skipTo(dueMs('08:02'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    await handle.executeUpdate(snoozeUpdate, answer(key('08:00'), caregiver, 'push'));
    await skipTo(dueMs('08:12'));
    await until(() => remindersOf(scheduleId).length === 2, 'the reminder after the snooze');
    await skipTo(dueMs('08:40'));
    await handle.executeUpdate(takenUpdate, answer(key('08:00'), caregiver, 'push'));
    await handle.result();
    await save('snoozed-then-taken', h.client(), handle.workflowId);
  }
  {
    // Nobody answers by 08:30: the chain pages the backup, who gives it at 08:35 (late); the chain is told the task is done.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { answerWindowMinutes: 30 });
    const escalationId = doseEscalationId(scheduleId, key('08:00'));
    await skipTo(dueMs('08:30'));
    await paged(escalationId);
    await untilChainWaits(escalationId);
    await skipTo(dueMs('08:35'));
    await handle.executeUpdate(takenUpdate, answer(key('08:00'), backup, 'sms'));
    await handle.result();
    await save('escalated-then-taken-late', h.client(), handle.workflowId);
    await save('escalated-then-taken-late.chain', h.client(), escalationWorkflowId(escalationId));
  }
  {
    // Nobody answers and the chain reaches nobody: missed.
    const { handle } = await scheduleOf({}, { answerWindowMinutes: 30 });
    await handle.result();
    await save('missed-chain-unreached', h.client(), handle.workflowId);
  }
  {
    // Taken on the record at 08:10, the Update lost on its way: at 08:30 the window's end reads the record and pages nobody.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { answerWindowMinutes: 30 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    const at = new Date(dueMs('08:10')).toISOString();
    h.recordBehindItsBack({ scheduleId, doseKey: key('08:00'), dueAt: new Date(dueMs('08:00')).toISOString(), outcome: 'taken', by: backup, via: 'sms', reason: null, at }, dueMs('08:10'));
    await handle.result();
    await save('answered-on-record', h.client(), handle.workflowId);
  }
  {
    // Paused through two doses, resumed; the third is taken.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ doseCount: 3 });
    await handle.signal(pauseSignal);
    await skipTo(dueMs('12:00', 1));
    await handle.signal(resumeSignal);
    await skipTo(dueMs('08:00', 2));
    await until(() => remindersOf(scheduleId).length === 1, 'the reminder after resuming');
    await handle.executeUpdate(takenUpdate, answer(key('08:00', 2)));
    await handle.result();
    await save('paused-and-resumed', h.client(), handle.workflowId);
  }
  {
    // Edited during the 08:00 dose: 20:00 moves to 22:00 with a 60-minute window.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 }, { answerWindowMinutes: 30 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the 08:00 reminder');
    const row = h.schedules.get(scheduleId)!;
    h.schedules.set(scheduleId, { schedule: { ...row.schedule, timesOfDay: ['08:00', '22:00'], answerWindowMinutes: 60 }, version: 2 });
    await handle.signal(scheduleChangedSignal, { version: 2, assignedCaregiverId: caregiver, answerWindowMinutes: 60, snoozeMinutes: 10, maxSnoozes: 3 });
    await handle.executeUpdate(takenUpdate, answer(key('08:00')));
    await skipTo(dueMs('22:00'));
    await until(() => remindersOf(scheduleId).length === 2, 'the 22:00 reminder');
    await handle.executeUpdate(takenUpdate, answer(key('22:00')));
    await handle.result();
    await save('edited-mid-dose', h.client(), handle.workflowId);
  }
  {
    // Caregiver and window changed at 08:05 on the row, the signal lost: the 20:00 dose reminds the backup, with a 60-minute window.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 }, { answerWindowMinutes: 30 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the 08:00 reminder');
    const row = h.schedules.get(scheduleId)!;
    h.schedules.set(scheduleId, { schedule: { ...row.schedule, assignedCaregiverId: backup, answerWindowMinutes: 60 }, version: row.version + 1 });
    await skipTo(dueMs('08:05'));
    await handle.executeUpdate(takenUpdate, answer(key('08:00')));
    await skipTo(dueMs('20:00'));
    await until(() => remindersOf(scheduleId).length === 2, 'the 20:00 reminder');
    await handle.executeUpdate(takenUpdate, answer(key('20:00'), backup));
    await handle.result();
    await save('edit-signal-lost', h.client(), handle.workflowId);
  }
  {
    // Edited while the first lookup, having read 20:00, was in flight: the dose moves to 22:00.
    const lookup = lookups.holdNext();
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['20:00'] });
    await lookup.read;
    await saveAndSignalTimes(h, scheduleId, handle, ['22:00']);
    lookup.release();
    await skipTo(dueMs('22:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the 22:00 reminder');
    await handle.executeUpdate(takenUpdate, answer(key('22:00')));
    await handle.result();
    await save('edited-during-lookup', h.client(), handle.workflowId);
  }
  {
    // Deleted while the chain pages: the child is cancelled, nothing is recorded.
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ doseCount: 5 });
    const escalationId = doseEscalationId(scheduleId, key('08:00'));
    await skipTo(dueMs('08:30'));
    await paged(escalationId);
    await untilChainWaits(escalationId);
    await handle.signal(deleteScheduleSignal);
    // On unskipped time: the cancel must reach the chain before its step timer could fire.
    await h.resultInRealTime(handle.workflowId);
    await h.resultInRealTime(escalationWorkflowId(escalationId));
    await save('deleted-while-escalating', h.client(), handle.workflowId);
    await save('deleted-while-escalating.chain', h.client(), escalationWorkflowId(escalationId));
  }
  {
    // New York's spring-forward day: 02:00, 02:30 and 03:00 are all due at 07:00Z, reminded together;
    // 02:30 is taken, 02:00 and 03:00 each page their own chain at 07:30Z and are missed when it ends.
    const { date, due, scheduleId, handle } = await startSpringForwardSchedule(h);
    await skipTo(due);
    await until(() => remindersOf(scheduleId).length === 3, 'the three due reminders');
    await skipTo(due + 10 * 60_000);
    await handle.executeUpdate(takenUpdate, answer(`${date}T02:30`));
    await handle.result();
    await save('due-together-spring-forward', h.client(), handle.workflowId);
  }
} finally {
  await h.stop();
}

const real = createMedicationHarness(() => privateDevServer({ 'limit.historyCount.suggestContinueAsNew': 10 }));
await real.start();
try {
  // Two doses given early: the first run hands over after the first; the second run starts from what it carried.
  const { doses, ...timing } = dosesSoon([20, 40]);
  const { handle } = await real.startSchedule(timing);
  await real.untilState(handle, (s) => s.nextDose?.doseKey === doses[0]!.doseKey, 'the first dose looked up');
  const firstRunId = (await handle.describe()).runId;
  await handle.executeUpdate(takenUpdate, { args: [{ doseKey: doses[0]!.doseKey, userId: real.caregiver, via: 'app' }] });
  await real.untilState(handle, (s) => s.nextDose?.doseKey === doses[1]!.doseKey, 'the second run to look up its dose');
  const secondRunId = (await handle.describe()).runId;
  await handle.executeUpdate(takenUpdate, { args: [{ doseKey: doses[1]!.doseKey, userId: real.caregiver, via: 'app' }] });
  await handle.result();
  await save('continued-as-new', real.client(), handle.workflowId, firstRunId);
  await save('continued-as-new.second-run', real.client(), handle.workflowId, secondRunId);
} finally {
  await real.stop();
}
