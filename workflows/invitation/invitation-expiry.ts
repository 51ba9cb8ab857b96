import {
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { CareState, NextDueAt } from '../../temporal/search-attributes';
import { DB_CALL } from '../activity-options';
import { msUntil } from '../clock';

/**
 * An invitation to join a family is valid until `expiresAt`. This workflow is its timer:
 * it waits for the invitee (or an admin) to answer, and if nobody does in time it marks
 * the invitation expired so the link stops working and the family sees it lapse.
 */
export interface InvitationExpiryInput {
  invitationId: string;
  familyId: string;
  /** ISO 8601 instant, UTC. */
  expiresAt: string;
}

export type InvitationAnswer = 'accepted' | 'declined' | 'revoked';
export type InvitationWorkflowState = 'pending' | 'expired' | 'gone' | InvitationAnswer;

/** Sent by the API after it has committed the answer; the database stays the source of truth. */
export const invitationAnswered = defineSignal<[{ status: InvitationAnswer }]>('invitationAnswered');
export const invitationState = defineQuery<InvitationWorkflowState>('invitationState');

export const invitationExpiryWorkflowId = (invitationId: string) => `invitation-expiry/${invitationId}`;

// One short UPDATE; retried with backoff until the database is back, never given up on.
const { expireInvitation } = proxyActivities<Activities>(DB_CALL);

export async function invitationExpiry(input: InvitationExpiryInput): Promise<InvitationWorkflowState> {
  let state: InvitationWorkflowState = 'pending';
  setHandler(invitationState, () => state);
  setHandler(invitationAnswered, ({ status }) => {
    // First answer wins; a late "revoked" after "accepted" changes nothing here.
    if (state === 'pending') state = status;
  });

  const dueInMs = msUntil(input.expiresAt);
  // Started after its expiry (e.g. the API was down): expire at once rather than schedule a 0 ms timer.
  const answered =
    dueInMs > 0
      ? await condition(() => state !== 'pending', dueInMs, { summary: 'until the invitation expires' })
      : state !== 'pending';

  if (!answered) {
    // The row may have been answered without a signal reaching us: the activity reports what it found.
    const result = await expireInvitation({ invitationId: input.invitationId });
    state = result.status ?? 'gone';
  }
  upsertSearchAttributes([
    { key: CareState, value: state },
    { key: NextDueAt, value: null },
  ]);
  return state;
}
