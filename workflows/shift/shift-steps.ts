import { log } from '@temporalio/workflow';
import { survivable } from '../failures';
import { BackupPage } from './page-backups';
import { db } from './shift-activities';
import { steps, type Step } from './shift-clock';
import { audience, notify, type ShiftNotice } from './shift-notify';
import { nowIso, type ShiftRun } from './shift-run';

/**
 * Sleeps from one step to the next until the shift is closed, recomputing after every
 * change (an edit, an answer). Sends run beside the clock, so a reminder waiting out
 * someone's quiet hours never holds back the late ladder. Cover that arrives while the
 * backups are being paged (an acceptance or the check-in) stops the chain and sends the
 * all-clear to everyone it paged.
 */
export async function followTheShift(run: ShiftRun): Promise<void> {
  const done = new Set<string>();
  const sending: Promise<void>[] = [];
  const page = new BackupPage();
  let edits = 0;
  let stoodDown = false;
  const tell = (ids: string[], notice: Omit<ShiftNotice, 'dueAt'> & { dueAt?: string }) => sending.push(guard(notify(run, ids, { dueAt: nowIso(), ...notice }), notice.kind));

  for (;;) {
    if (run.rowEdits !== edits && !run.begun() && !run.closed) {
      edits = run.rowEdits;
      await reread(run);
      continue;
    }
    const covered = run.state.checkIn !== null || (!run.state.open && run.state.assigneeId !== null);
    if (run.state.late.includes('paged') && !stoodDown && (covered || run.closed)) {
      stoodDown = true;
      await standDown(run, page, covered ? (run.state.checkIn?.userId ?? run.state.assigneeId) : null, tell);
    }
    await swapNews(run, tell);
    if (run.closed) break;
    const next = steps(run).find((s) => !done.has(s.id));
    if (!next) break;
    run.refreshPhase(next.at);
    if (await run.sleepUntil(next.at, next.summary)) continue;
    done.add(next.id);
    await act(run, next, page, tell);
  }
  if (run.cancelled) {
    await page.stop(null);
    await run.write('cancellation', () => db('record the cancellation').setShiftState({ ...run.key, state: 'cancelled' }));
    if (run.state.assigneeId && run.state.assigneeId !== run.cancelledBy) tell([run.state.assigneeId], { kind: 'cancelled', step: `cancelled/${run.state.startUtc}`, urgency: 'urgent' });
  }
  await Promise.all(sending);
  await page.finished();
}

type Tell = (ids: string[], notice: Omit<ShiftNotice, 'dueAt'> & { dueAt?: string }) => void;

async function act(run: ShiftRun, step: Step, page: BackupPage, tell: Tell): Promise<void> {
  const s = run.state;
  const w = step.what;
  const due = { dueAt: step.at };
  switch (w.kind) {
    case 'reminder':
      s.remindersSent.push(w.lead);
      return tell([s.assigneeId!], { kind: 'reminder', step: `reminder/${w.lead}/${s.startUtc}`, urgency: 'routine', dropAfter: s.startUtc, leadMinutes: w.lead, ...due });
    case 'offer': {
      s.offeredTo = w.to;
      run.changed();
      const to = w.to === 'backups' ? s.backupIds : await audience(run, 'everyone');
      return tell(to.filter((id) => id !== s.assigneeId), { kind: 'offer', step: `offer/${w.to}/${run.openedAt}`, urgency: 'urgent', ...due });
    }
    case 'uncovered_admins':
      if (s.open) tell(await audience(run, 'admins'), { kind: 'uncovered_admins', step: `uncovered/${s.startUtc}`, urgency: 'urgent', ...due });
      return;
    case 'swap_close': {
      if (s.swap?.state !== 'open') return;
      const swap = s.swap;
      swap.state = 'closed';
      run.changed();
      await run.write('swap closed', () => db('close the untaken swap').recordSwap({ ...run.key, requestedBy: swap.requestedBy, takenBy: null, state: 'closed' }));
      return tell([swap.requestedBy], { kind: 'swap_untaken', step: `swap-untaken/${s.startUtc}`, urgency: 'urgent', ...due });
    }
    case 'late_nudge':
      s.late.push('nudged');
      run.changed();
      await run.write('late state', () => db('mark the shift late').setShiftState({ ...run.key, state: run.phaseNow() }));
      return tell([s.assigneeId!], { kind: 'late_nudge', step: `late-nudge/${s.startUtc}`, urgency: 'urgent', ...due });
    case 'page':
      s.late.push('paged');
      run.setOpen(true);
      // The chain pages the backups: the offer to everyone follows after the wait.
      s.offeredTo = 'backups';
      run.changed();
      await run.write('late state', () => db('mark the shift open').setShiftState({ ...run.key, state: run.phaseNow() }));
      try {
        await page.start(run);
      } catch (err) {
        if (!survivable(err, 'backup page')) throw err;
      }
      return;
    case 'late_admins':
      s.late.push('admins');
      run.changed();
      return tell(await audience(run, 'admins'), { kind: 'late_admins', step: `late-admins/${s.startUtc}`, urgency: 'urgent', ...due });
    case 'missed':
      run.missed = true;
      run.changed();
      return run.write('missed shift', () => db('record the missed shift').setShiftState({ ...run.key, state: 'uncovered' }));
    case 'checkout_nudge':
      return tell([s.checkIn!.userId], { kind: 'checkout_nudge', step: `checkout-nudge/${s.endUtc}`, urgency: 'routine', ...due });
    case 'auto_close': {
      const at = nowIso();
      s.checkOut = { userId: s.checkIn!.userId, at, via: 'auto' };
      s.autoClosed = true;
      run.changed();
      await run.write('automatic close', () => db('close the shift automatically').recordShiftCheckOut({ ...run.key, userId: s.checkIn!.userId, via: 'auto', at, handoffNote: null, tasksDone: [] }));
      return tell(await audience(run, 'admins'), { kind: 'auto_closed', step: `auto-closed/${s.endUtc}`, urgency: 'routine', ...due });
    }
  }
}

/** Someone covers the shift (or it is over): the chain stops, and everyone it paged hears the all-clear. */
async function standDown(run: ShiftRun, page: BackupPage, coveredBy: string | null, tell: Tell): Promise<void> {
  try {
    await page.stop(coveredBy);
  } catch (err) {
    // The chain ended by itself meanwhile: nothing left to stop.
    log.warn(`backup page of shift ${run.input.shiftId} could not be stopped: ${(err as Error).message}`);
  }
  if (!coveredBy) return;
  run.state.late.push('all_clear');
  run.changed();
  let paged: string[] = [];
  try {
    if (run.state.escalationId) paged = await db('who was paged').pagedPeople({ escalationId: run.state.escalationId });
  } catch (err) {
    if (!survivable(err, 'paged people')) throw err;
  }
  const admins = run.state.late.includes('admins') ? await audience(run, 'admins') : [];
  tell([...paged, ...admins].filter((id) => id !== coveredBy), { kind: 'all_clear', step: `all-clear/${run.state.startUtc}`, urgency: 'urgent' });
}

/** A swap asked for or taken since we last looked: the family, or the original assignee, hears it once. */
async function swapNews(run: ShiftRun, tell: Tell): Promise<void> {
  const swap = run.state.swap;
  if (!swap) return;
  const key = `${swap.requestedBy}/${swap.state}/${swap.takenBy ?? ''}`;
  if (run.swapTold === key) return;
  run.swapTold = key;
  if (swap.state === 'open') {
    const everyone = (await audience(run, 'everyone')).filter((id) => id !== swap.requestedBy);
    tell(everyone, { kind: 'swap_request', step: `swap-request/${swap.requestedBy}/${run.state.startUtc}`, urgency: 'routine', dropAfter: run.state.startUtc });
  } else if (swap.state === 'taken') {
    tell([swap.requestedBy], { kind: 'swap_taken', step: `swap-taken/${swap.takenBy}/${run.state.startUtc}`, urgency: 'urgent' });
  }
}

/** The row changed before the start (override, rotation edit): instants, people and reminders as it says now. */
async function reread(run: ShiftRun): Promise<void> {
  try {
    const row = await db('read the edited shift').loadShift({ shiftId: run.input.shiftId });
    if (row.gone) {
      run.cancelled = true;
      run.changed();
    } else run.applySettings(row);
  } catch (err) {
    if (!survivable(err, 'shift re-read')) throw err;
  }
}

/** A send that failed for good is logged by survivable(); the shift goes on. */
async function guard(p: Promise<void>, what: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!survivable(err, `shift ${what}`)) throw err;
  }
}
