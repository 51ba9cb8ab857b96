import type { EntityManager } from 'typeorm';
import type { EscalationPolicyInput } from '../contracts/escalations';
import type { FieldIssue } from '../contracts/common';
import type { Queryable } from '../events/publisher';
import { badRequest } from '../http/errors';

/** Every named target must be a member of the family today; the details name the exact field (under `prefix`, e.g. a medication's `escalationPolicy.`). */
export async function assertTargetsAreMembers(m: Queryable, familyId: string, policy: EscalationPolicyInput, prefix = ''): Promise<void> {
  const rows = (await m.query('SELECT user_id FROM memberships WHERE family_id = $1', [familyId])) as { user_id: string }[];
  const members = new Set(rows.map((r) => r.user_id));
  const issues: FieldIssue[] = [];
  policy.steps.forEach((step, i) => {
    if (step.targets.kind !== 'members') return;
    step.targets.userIds.forEach((id, j) => {
      if (!members.has(id)) issues.push({ path: `${prefix}steps.${i}.targets.userIds.${j}`, message: 'is not a member of this family' });
    });
  });
  if (issues.length > 0) throw badRequest('Some people in the chain are not members of this family.', issues);
}

export async function loadPolicy(m: EntityManager, careRecipientId: string): Promise<EscalationPolicyInput | null> {
  const rows: { steps: EscalationPolicyInput['steps']; repeat: number }[] = await m.query(
    'SELECT steps, repeat FROM escalation_policies WHERE care_recipient_id = $1',
    [careRecipientId],
  );
  return rows[0] ? { steps: rows[0].steps, repeat: rows[0].repeat } : null;
}

export async function savePolicy(m: EntityManager, input: { familyId: string; careRecipientId: string; userId: string; policy: EscalationPolicyInput }) {
  await m.query(
    `INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (care_recipient_id) DO UPDATE SET steps = EXCLUDED.steps, repeat = EXCLUDED.repeat,
       updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [input.careRecipientId, input.familyId, JSON.stringify(input.policy.steps), input.policy.repeat, input.userId],
  );
}
