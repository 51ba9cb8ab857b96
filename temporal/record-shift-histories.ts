/**
 * Records the shift workflows' replay fixtures into workflows/shift/histories/
 * (RECORD_OUT overrides it, to try the script safely):
 *
 *   node --import tsx temporal/record-shift-histories.ts
 *
 * The in-memory fakes of workflows/shift/testing stand in for PostgreSQL and the
 * providers; days pass in seconds on the time-skipping server. When the workflows change
 * on purpose, add new fixtures beside the old ones: the old ones stand for running shifts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { acceptShiftUpdate, careShiftWorkflowId, checkInUpdate, checkOutUpdate, shiftRotationWorkflowId } from '../workflows/shift/messages';
import { createShiftHarness } from '../workflows/shift/testing/harness';
import { useFixtureKey } from './codec/fixture-keys';
import { historyToJson } from './history-json';

const out = process.env.RECORD_OUT ?? path.resolve(import.meta.dirname, '..', 'workflows', 'shift', 'histories');
fs.mkdirSync(out, { recursive: true });
const fixtureKey = useFixtureKey();

async function save(name: string, client: Client, workflowId: string): Promise<void> {
  const file = path.join(out, `${name}.json`);
  fs.writeFileSync(file, historyToJson(await client.workflow.getHandle(workflowId).fetchHistory()));
  fixtureKey.remember(out);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

const h = createShiftHarness();
await h.start();
try {
  const { ana, ben, until, skipTo, messagesOf, startShift, untilShift, shift } = h;
  {
    // Ana does not come: nudged, the backup paged, Ben accepts, checks in, checks out with a handoff note.
    const start = Date.parse('2027-05-08T13:00:00Z');
    const s = await startShift({ start: iso(start), end: iso(start + 4 * HOUR), assigneeId: ana, backupIds: [ben] });
    await skipTo(start + 15 * MINUTE);
    const opened = await untilShift(s.id, (x) => x.open && x.escalationId !== null, 'the shift open');
    await h.untilChainWaits(opened.escalationId!);
    await shift(s.id).executeUpdate(acceptShiftUpdate, { args: [{ userId: ben }] });
    await until(() => messagesOf(s.id, 'all_clear').length > 0, 'the all-clear');
    await shift(s.id).executeUpdate(checkInUpdate, { args: [{ userId: ben, via: 'app' }] });
    await skipTo(start + 4 * HOUR);
    await shift(s.id).executeUpdate(checkOutUpdate, { args: [{ userId: ben, via: 'app', handoffNote: 'Quiet morning.', tasksDone: [] }] });
    await shift(s.id).result();
    await save('shift-no-show-accepted', h.client(), careShiftWorkflowId(s.id));
  }
  {
    // A rotation of one week, one night: it opens the shift, which nobody checks out of (closed automatically), and ends.
    const now = await h.now();
    const day = (ms: number) => iso(ms).slice(0, 10);
    const { row, handle } = await h.startRotation({
      timeZone: 'Europe/London',
      cycleWeeks: 1,
      startsOn: day(now + 3 * 24 * HOUR),
      endsOn: day(now + 9 * 24 * HOUR),
      // Any weekday falls in the seven days from startsOn to endsOn.
      slots: [{ week: 1, weekday: 'mon', start: '22:00', end: '06:00', assigneeId: ana }],
    });
    await until(() => [...h.shifts.values()].some((s) => s.rotationId === row.id), 'the night materialised');
    const night = [...h.shifts.values()].find((s) => s.rotationId === row.id)!;
    await skipTo(Date.parse(night.startUtc));
    await untilShift(night.id, (x) => x.startUtc !== '', 'the night opened');
    await shift(night.id).executeUpdate(checkInUpdate, { args: [{ userId: ana, via: 'sms' }] });
    await skipTo(Date.parse(night.endUtc) + 3 * 24 * HOUR);
    await shift(night.id).result();
    await handle.result();
    await save('shift-auto-closed', h.client(), careShiftWorkflowId(night.id));
    await save('rotation-one-week', h.client(), shiftRotationWorkflowId(row.id));
  }
} finally {
  await h.stop();
}
