import { randomUUID } from 'node:crypto';
import { LIMITS, takeRateToken } from '../auth/rate-limits';
import {
  ClaimInput,
  EmergencyInput,
  EscalationDetail,
  EscalationList,
  EscalationResponse,
  FamilyDeliveries,
  ResolveInput,
} from '../contracts/escalations';
import { CareRecipientEntity } from '../db/entities/care-recipient';
import { EscalationEntity } from '../db/entities/escalation';
import { FamilyParams } from '../families/params';
import { AppError, notFound } from '../http/errors';
import { ANY_MEMBER, defineRoute } from '../http/route';
import { startEscalation } from '../../temporal/escalations';
import { answerFromApp, type AppAnswer } from './answer';
import { insertEscalationRow } from './open-row';
import { EscalationParams } from './params';
import { presentDeliveryRow, presentEscalation, presentTimelineRow } from './presenters';
import type { AppDeps } from '../deps';
import { loggableError } from '../log';

async function currentView(deps: AppDeps, escalationId: string) {
  return { escalation: presentEscalation(await deps.dataSource.getRepository(EscalationEntity).findOneByOrFail({ id: escalationId })) };
}

function answerRoute(action: AppAnswer['action'], summary: string, body?: typeof ClaimInput | typeof ResolveInput) {
  return defineRoute({
    operationId: `${action}Escalation`,
    method: 'post',
    path: `/api/families/:familyId/escalations/:escalationId/${action}`,
    summary,
    tag: 'escalations',
    access: ANY_MEMBER,
    audit: { action: 'answer', resource: 'escalation', idParams: ['escalationId'] },
    params: EscalationParams,
    body,
    idempotent: true,
    errors: [404, 409, 503],
    response: { status: 200, schema: EscalationResponse, description: 'The escalation after the answer.' },
    async handler({ params, body: input, user, idempotencyKey }, deps) {
      const answer = { action, ...(input ?? {}) } as AppAnswer;
      await answerFromApp(deps, { familyId: params.familyId, escalationId: params.escalationId, userId: user!.id, idempotencyKey, ...answer });
      return { body: await currentView(deps, params.escalationId) };
    },
  });
}

export const escalationRoutes = [
  defineRoute({
    operationId: 'raiseEmergency',
    method: 'post',
    path: '/api/families/:familyId/emergencies',
    summary: 'Page everyone in the family on every channel until someone answers',
    tag: 'escalations',
    access: ANY_MEMBER,
    audit: { action: 'create', resource: 'emergency', idFromBody: (b) => b.escalation.id },
    params: FamilyParams,
    body: EmergencyInput,
    response: { status: 201, schema: EscalationResponse, description: 'The emergency, already paging.' },
    async handler({ params, body, user }, deps) {
      if (body.careRecipientId) {
        const found = await deps.dataSource.getRepository(CareRecipientEntity).existsBy({ id: body.careRecipientId, familyId: params.familyId });
        if (!found) throw notFound('This care recipient');
      }
      await takeRateToken(deps.dataSource, deps.config, `emergency:family:${params.familyId}`, LIMITS.emergenciesPerFamily);
      const input = {
        escalationId: randomUUID(),
        familyId: params.familyId,
        careRecipientId: body.careRecipientId ?? null,
        kind: 'emergency' as const,
        urgency: 'emergency' as const,
      };
      // The note may hold health details, so it stays in PostgreSQL and out of workflow history.
      await insertEscalationRow(deps.dataSource, { ...input, id: input.escalationId, startedBy: user!.id, note: body.note ?? null });
      try {
        await startEscalation(deps.temporal.client, deps.temporal.taskQueue, input);
      } catch (err) {
        // An emergency that pages nobody must not look active: close the record and say so.
        await deps.dataSource.query(`UPDATE escalations SET status = 'cancelled', finished_at = now() WHERE id = $1`, [input.escalationId]);
        deps.log.error('emergency could not start', { escalationId: input.escalationId, ...loggableError(err) });
        throw new AppError(503, 'unavailable', 'The alert could not be sent right now. Call for help directly, then try again.');
      }
      return { body: await currentView(deps, input.escalationId) };
    },
  }),
  defineRoute({
    operationId: 'listEscalations',
    method: 'get',
    path: '/api/families/:familyId/escalations',
    summary: 'Open and recent escalations, newest first',
    tag: 'escalations',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'escalation' },
    params: FamilyParams,
    response: { status: 200, schema: EscalationList, description: 'At most 100.' },
    async handler({ params }, deps) {
      const rows = await deps.dataSource
        .getRepository(EscalationEntity)
        .find({ where: { familyId: params.familyId }, order: { startedAt: 'DESC' }, take: 100 });
      return { body: { escalations: rows.map(presentEscalation) } };
    },
  }),
  defineRoute({
    operationId: 'getEscalation',
    method: 'get',
    path: '/api/families/:familyId/escalations/:escalationId',
    summary: 'One escalation with its timeline: each step, each delivery, who answered and how',
    tag: 'escalations',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'escalation', idParams: ['escalationId'] },
    params: EscalationParams,
    response: { status: 200, schema: EscalationDetail, description: 'The escalation.' },
    async handler({ params }, deps) {
      const row = await deps.dataSource.getRepository(EscalationEntity).findOneBy({ id: params.escalationId, familyId: params.familyId });
      if (!row) throw notFound('This escalation');
      const events: Record<string, unknown>[] = await deps.dataSource.query(
        'SELECT * FROM escalation_events WHERE escalation_id = $1 ORDER BY id',
        [params.escalationId],
      );
      return { body: { escalation: presentEscalation(row), timeline: events.map(presentTimelineRow) } };
    },
  }),
  answerRoute('acknowledge', "Say \"I'm on it\": the chain stops at once"),
  answerRoute('claim', "Hold the chain for some minutes; it resumes if it is not resolved by then", ClaimInput),
  answerRoute('resolve', 'Close the escalation with a note', ResolveInput),
  defineRoute({
    operationId: 'familyDeliveries',
    method: 'get',
    path: '/api/families/:familyId/deliveries',
    summary: 'Recent delivery attempts and answers in this family (the paged family feed is /timeline)',
    tag: 'escalations',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'escalation' },
    params: FamilyParams,
    response: { status: 200, schema: FamilyDeliveries, description: 'Newest first, at most 200 of each.' },
    async handler({ params }, deps) {
      const [deliveries, answers] = await Promise.all([
        deps.dataSource.query('SELECT * FROM delivery_attempts WHERE family_id = $1 ORDER BY created_at DESC LIMIT 200', [params.familyId]),
        deps.dataSource.query(
          `SELECT * FROM escalation_events WHERE family_id = $1 AND type IN ('acknowledged', 'claimed', 'resolved', 'unreached')
            ORDER BY id DESC LIMIT 200`,
          [params.familyId],
        ),
      ]);
      return { body: { deliveries: deliveries.map(presentDeliveryRow), answers: answers.map(presentTimelineRow) } };
    },
  }),
];
