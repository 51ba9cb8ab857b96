import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { NOT_YOUR_SHIFT, requestSwapUpdate, SHIFT_STARTED, SHIFT_TAKEN, SWAP_NOT_OPEN, takeSwapUpdate } from './messages';
import { db } from './shift-activities';
import type { ShiftRun } from './shift-run';

const fail = (message: string, type: string) => ApplicationFailure.create({ message, type });

/**
 * Swaps: the assignee asks; the shift stays theirs until someone takes it (first to take
 * wins, as with an open shift); the story (shift-clock.ts) tells the family, tells the
 * original assignee when it is taken, and closes it untaken at the start.
 */
export function listenForSwaps(run: ShiftRun): void {
  const s = run.state;
  setHandler(
    requestSwapUpdate,
    async ({ userId }) => {
      if (s.swap?.state === 'open') return s;
      s.swap = { requestedBy: userId, state: 'open', takenBy: null };
      run.changed();
      await run.write('swap request', () => db('record the swap request').recordSwap({ ...run.key, requestedBy: userId, takenBy: null, state: 'open' }));
      return s;
    },
    {
      validator: ({ userId }) => {
        run.refuseUnlessReady();
        if (s.assigneeId !== userId) throw fail('Only the person on this shift can ask for a swap.', NOT_YOUR_SHIFT);
        if (run.begun() || s.checkIn) throw fail('The shift has started.', SHIFT_STARTED);
      },
    },
  );
  setHandler(
    takeSwapUpdate,
    async ({ userId }) => {
      const swap = s.swap!;
      Object.assign(swap, { state: 'taken', takenBy: userId });
      s.assigneeId = userId;
      run.changed();
      await run.write('swap', async () => {
        await db('record who took the swap').assignShift({ ...run.key, assigneeId: userId, state: s.phase });
        await db('close the swap').recordSwap({ ...run.key, requestedBy: swap.requestedBy, takenBy: userId, state: 'taken' });
      });
      return s;
    },
    {
      validator: ({ userId }) => {
        run.refuseUnlessReady();
        if (s.swap?.state === 'taken' && s.swap.takenBy !== userId) throw fail('Someone else already took this swap.', SHIFT_TAKEN);
        if (s.swap?.state !== 'open') throw fail('No swap is open for this shift.', SWAP_NOT_OPEN);
        if (s.swap.requestedBy === userId) throw fail('You asked for this swap.', NOT_YOUR_SHIFT);
        if (run.begun()) throw fail('The shift has started.', SHIFT_STARTED);
      },
    },
  );
}
