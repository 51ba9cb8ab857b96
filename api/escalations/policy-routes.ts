import { EscalationPolicyInput, EscalationPolicyResponse } from '../contracts/escalations';
import { CareRecipientEntity } from '../db/entities/care-recipient';
import { RecipientParams } from '../families/params';
import { notFound } from '../http/errors';
import { ADMINS, ANY_MEMBER, defineRoute } from '../http/route';
import { defaultEscalationPolicy } from '../../activities/escalation/policy';
import { assertTargetsAreMembers, loadPolicy, savePolicy } from './policy';
import type { EntityManager } from 'typeorm';

async function assertRecipientInFamily(m: EntityManager, familyId: string, recipientId: string) {
  if (!(await m.getRepository(CareRecipientEntity).existsBy({ id: recipientId, familyId }))) throw notFound('This care recipient');
}

export const policyRoutes = [
  defineRoute({
    operationId: 'getEscalationPolicy',
    method: 'get',
    path: '/api/families/:familyId/recipients/:recipientId/escalation-policy',
    summary: 'Who is paged, on what, and how long each waits, when nobody answers for this person',
    tag: 'escalations',
    access: ANY_MEMBER,
    params: RecipientParams,
    response: { status: 200, schema: EscalationPolicyResponse, description: 'The saved policy, or the default one.' },
    async handler({ params }, deps) {
      const m = deps.dataSource.manager;
      await assertRecipientInFamily(m, params.familyId, params.recipientId);
      const saved = await loadPolicy(m, params.recipientId);
      return { body: { policy: saved ?? defaultEscalationPolicy(), isDefault: saved === null } };
    },
  }),
  defineRoute({
    operationId: 'saveEscalationPolicy',
    method: 'put',
    path: '/api/families/:familyId/recipients/:recipientId/escalation-policy',
    summary: 'Replace the escalation chain; escalations already running keep the chain they started with',
    tag: 'escalations',
    access: ADMINS,
    params: RecipientParams,
    body: EscalationPolicyInput,
    response: { status: 200, schema: EscalationPolicyResponse, description: 'The saved policy.' },
    async handler({ params, body, user }, deps) {
      await deps.dataSource.transaction(async (m) => {
        await assertRecipientInFamily(m, params.familyId, params.recipientId);
        await assertTargetsAreMembers(m, params.familyId, body);
        await savePolicy(m, { familyId: params.familyId, careRecipientId: params.recipientId, userId: user!.id, policy: body });
      });
      return { body: { policy: body, isDefault: false } };
    },
  }),
];
