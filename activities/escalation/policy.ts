import type { EntityManager } from 'typeorm';
import { EscalationPolicyInput, type EscalationTarget } from '../../api/contracts/escalations';
import type { Channel } from '../../api/contracts/notifications';
import type { PolicySnapshot } from './types';

const EVERY_CHANNEL: Channel[] = ['push', 'sms', 'email'];

/**
 * The chain a care recipient gets until an admin defines one: caregivers first, then
 * admins, 15 minutes each, twice through. The API shows the same object as "default".
 */
export function defaultEscalationPolicy(): EscalationPolicyInput {
  return {
    steps: [
      { targets: { kind: 'role', role: 'caregiver' }, channels: [...EVERY_CHANNEL], waitMinutes: 15 },
      { targets: { kind: 'role', role: 'admin' }, channels: [...EVERY_CHANNEL], waitMinutes: 15 },
    ],
    repeat: 2,
  };
}

/**
 * An emergency ignores the care recipient's chain: everyone, every channel, every 5
 * minutes. `repeat` is 1 because the workflow itself repeats an emergency until someone
 * answers; the number only matters for urgent escalations.
 */
export function emergencyPolicy(): EscalationPolicyInput {
  return { steps: [{ targets: { kind: 'everyone' }, channels: [...EVERY_CHANNEL], waitMinutes: 5 }], repeat: 1 };
}

interface MemberRow {
  user_id: string;
  role: 'admin' | 'caregiver' | 'viewer';
}

/**
 * The policy in force for a new escalation: a medication's own chain (its override), else
 * the recipient's saved chain, else the default one (also when a saved chain no longer
 * validates — paging someone beats paging nobody).
 */
export async function loadPolicyFor(
  m: EntityManager,
  input: { careRecipientId: string | null; urgency: 'urgent' | 'emergency'; medicationScheduleId?: string },
): Promise<EscalationPolicyInput> {
  if (input.urgency === 'emergency') return emergencyPolicy();
  if (input.medicationScheduleId) {
    const own: { policy: unknown }[] = await m.query(`SELECT schedule->'escalationPolicy' AS policy FROM medication_schedules WHERE id = $1`, [
      input.medicationScheduleId,
    ]);
    const parsed = own[0]?.policy ? EscalationPolicyInput.safeParse(own[0].policy) : null;
    if (parsed?.success) return parsed.data;
  }
  if (!input.careRecipientId) return defaultEscalationPolicy();
  const rows: { steps: unknown; repeat: number }[] = await m.query(
    'SELECT steps, repeat FROM escalation_policies WHERE care_recipient_id = $1',
    [input.careRecipientId],
  );
  if (!rows[0]) return defaultEscalationPolicy();
  const parsed = EscalationPolicyInput.safeParse({ steps: rows[0].steps, repeat: rows[0].repeat });
  return parsed.success ? parsed.data : defaultEscalationPolicy();
}

/**
 * Resolves each step's targets to the people who are members right now (a named person
 * who has left the family is dropped). Only user ids: names and addresses never reach
 * workflow history. `notPaged` (who raised an emergency) is left out of every step unless
 * that would leave the step with nobody: a person alone in a family still gets the pages.
 */
export async function snapshotPolicy(
  m: EntityManager,
  familyId: string,
  policy: EscalationPolicyInput,
  ackCode: string,
  notPaged: string | null = null,
): Promise<PolicySnapshot> {
  const members: MemberRow[] = await m.query(
    'SELECT user_id, role FROM memberships WHERE family_id = $1 ORDER BY created_at, user_id',
    [familyId],
  );
  const withoutRaiser = (ids: string[]) => {
    const others = ids.filter((id) => id !== notPaged);
    return others.length > 0 ? others : ids;
  };
  const resolve = (target: EscalationTarget): string[] => {
    switch (target.kind) {
      case 'members': {
        const current = new Set(members.map((r) => r.user_id));
        return [...new Set(target.userIds)].filter((id) => current.has(id));
      }
      case 'role':
        return members.filter((r) => r.role === target.role).map((r) => r.user_id);
      case 'everyone':
        return members.map((r) => r.user_id);
      default: {
        const never: never = target;
        return never;
      }
    }
  };
  return {
    ackCode,
    steps: policy.steps.map((s) => ({ userIds: withoutRaiser(resolve(s.targets)), channels: [...s.channels], waitMinutes: s.waitMinutes })),
    repeat: policy.repeat,
    memberIds: members.map((r) => r.user_id),
    adminIds: members.filter((r) => r.role === 'admin').map((r) => r.user_id),
  };
}
