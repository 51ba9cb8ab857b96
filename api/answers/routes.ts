import { z } from 'zod';
import { AnswerTokenPreviewResponse, EscalationResponse, TokenAnswerInput } from '../contracts/escalations';
import { EscalationEntity } from '../db/entities/escalation';
import { presentEscalation } from '../escalations/presenters';
import { AppError, forbidden, notFound } from '../http/errors';
import { linkUpdateId } from '../http/idempotency';
import { PUBLIC, defineRoute } from '../http/route';
import { originOf, recordAudit } from '../audit/record';
import type { AppDeps } from '../deps';
import { acknowledgeUpdate, claimUpdate, escalationWorkflowId } from '../../workflows/escalation/messages';
import { toAppError } from '../escalations/answer';
import { answerSigningKey, verifyAnswerToken } from './tokens';

const TokenParams = z.object({ answerToken: z.string().min(20).max(2000).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/) });

async function claimsFor(deps: AppDeps, token: string) {
  const claims = verifyAnswerToken(await answerSigningKey(deps.dataSource), token);
  // Forged, altered and expired links look the same to the caller.
  if (!claims) throw notFound('This answer link (it may have expired)');
  return claims;
}

const linkAudit = (claims: { familyId: string; userId: string; escalationId: string }) => ({
  familyId: claims.familyId,
  userId: claims.userId,
  resourceType: 'escalation' as const,
  resourceId: claims.escalationId,
  outcome: 'allowed' as const,
});

export const answerRoutes = [
  defineRoute({
    operationId: 'previewAnswer',
    method: 'get',
    path: '/api/answers/:answerToken',
    summary: 'What an answer link (email) or push action is for; no login needed',
    tag: 'answers',
    access: PUBLIC,
    params: TokenParams,
    response: { status: 200, schema: AnswerTokenPreviewResponse, description: 'The escalation the link answers.' },
    async handler({ params, ctx }, deps) {
      const claims = await claimsFor(deps, params.answerToken);
      const e = await deps.dataSource.getRepository(EscalationEntity).findOneBy({ id: claims.escalationId });
      if (!e) throw notFound('This escalation');
      // No session here: the signed link says whose it is.
      await recordAudit(deps.dataSource, { ...originOf(ctx, 'answer_link'), ...linkAudit(claims), action: 'read', operation: 'previewAnswer' });
      return {
        body: { answer: { escalationId: e.id, familyId: e.familyId, kind: e.kind, status: e.status, expiresAt: new Date(claims.exp * 1000).toISOString() } },
      };
    },
  }),
  defineRoute({
    operationId: 'answerWithToken',
    method: 'post',
    path: '/api/answers/:answerToken',
    summary: 'Acknowledge or claim from an email link or a push action; each link answers once, and a retry gets that answer',
    tag: 'answers',
    access: PUBLIC,
    params: TokenParams,
    body: TokenAnswerInput,
    // The link's own id makes the Update id: a repeat, with or without the key, gets the first answer.
    idempotent: true,
    response: { status: 200, schema: EscalationResponse, description: 'The escalation after the answer.' },
    async handler({ params, body, ctx }, deps) {
      const claims = await claimsFor(deps, params.answerToken);
      // The link was signed for a member; removal since then revokes it. The workflow checks only
      // who was a member when the escalation began, so membership is read here, at the answer.
      const member: unknown[] = await deps.dataSource.query('SELECT 1 FROM memberships WHERE family_id = $1 AND user_id = $2', [
        claims.familyId,
        claims.userId,
      ]);
      if (member.length === 0) throw forbidden('You are no longer a member of this family, so this link no longer answers for it.');
      // The Update id is the link's own: a retry after a 503 or a lost response re-runs it and
      // Temporal answers with the first outcome (also once the escalation has ended), and two
      // taps at once make one answer. So a used link is no refusal; the row records when it was used.
      await deps.dataSource.query('INSERT INTO used_answer_tokens (jti) VALUES ($1) ON CONFLICT DO NOTHING', [claims.jti]);
      const handle = deps.temporal.client.workflow.getHandle(escalationWorkflowId(claims.escalationId));
      const answer = { userId: claims.userId, via: claims.channel };
      const updateId = linkUpdateId(claims.jti);
      try {
        if (body.action === 'claim') await handle.executeUpdate(claimUpdate, { args: [{ ...answer, minutes: 30 }], updateId });
        else await handle.executeUpdate(acknowledgeUpdate, { args: [answer], updateId });
      } catch (err) {
        // Refused by the workflow (finished, no longer a member) in the API's words; an outage stays a 503.
        const e = toAppError(err);
        throw e instanceof AppError ? e : err;
      }
      await recordAudit(deps.dataSource, { ...originOf(ctx, 'answer_link'), ...linkAudit(claims), action: 'answer', operation: 'answerWithToken' });
      const row = await deps.dataSource.getRepository(EscalationEntity).findOneByOrFail({ id: claims.escalationId });
      return { body: { escalation: presentEscalation(row) } };
    },
  }),
];

