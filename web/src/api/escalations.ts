import type { z } from 'zod';
import { newActionKey, request, seg } from './client';
import {
  AnswerTokenPreviewResponse,
  EscalationDetail,
  EscalationList,
  EscalationPolicyResponse,
  EscalationResponse,
  FamilyDeliveries,
  type EmergencyInput,
  type EscalationPolicyInput,
} from './contracts';

const family = (familyId: string) => `/api/families/${seg(familyId)}`;
const escalation = (familyId: string, escalationId: string) => `${family(familyId)}/escalations/${seg(escalationId)}`;
const policy = (familyId: string, recipientId: string) =>
  `${family(familyId)}/recipients/${seg(recipientId)}/escalation-policy`;

export const getPolicy = (familyId: string, recipientId: string) =>
  request('GET', policy(familyId, recipientId), { schema: EscalationPolicyResponse });
export const savePolicy = (familyId: string, recipientId: string, input: EscalationPolicyInput) =>
  request('PUT', policy(familyId, recipientId), { body: input, schema: EscalationPolicyResponse });

export const raiseEmergency = (familyId: string, input: z.input<typeof EmergencyInput>) =>
  request('POST', `${family(familyId)}/emergencies`, { body: input, schema: EscalationResponse });
export const listEscalations = (familyId: string) =>
  request('GET', `${family(familyId)}/escalations`, { schema: EscalationList });
export const getEscalation = (familyId: string, escalationId: string) =>
  request('GET', escalation(familyId, escalationId), { schema: EscalationDetail });
export const getFamilyDeliveries = (familyId: string) =>
  request('GET', `${family(familyId)}/deliveries`, { schema: FamilyDeliveries });

// Each call is one tap: its key covers the client's own retries (and a live-socket attempt before it).
export const acknowledge = (familyId: string, escalationId: string, key = newActionKey()) =>
  request('POST', `${escalation(familyId, escalationId)}/acknowledge`, { schema: EscalationResponse, idempotencyKey: key });
export const claim = (familyId: string, escalationId: string, minutes: number, key = newActionKey()) =>
  request('POST', `${escalation(familyId, escalationId)}/claim`, { body: { minutes }, schema: EscalationResponse, idempotencyKey: key });
export const resolve = (familyId: string, escalationId: string, note: string, key = newActionKey()) =>
  request('POST', `${escalation(familyId, escalationId)}/resolve`, { body: { note }, schema: EscalationResponse, idempotencyKey: key });

/** Email links and push actions: the signed single-use token is the credential, no session needed. */
export const previewAnswerToken = (token: string) =>
  request('GET', `/api/answers/${seg(token)}`, { schema: AnswerTokenPreviewResponse });
/** The link answers once and a repeat gets that answer, so a 503 is retried like any other tap. */
export const answerWithToken = (token: string, action: 'acknowledge' | 'claim', idempotencyKey: string) =>
  request('POST', `/api/answers/${seg(token)}`, { body: { action }, schema: EscalationResponse, idempotencyKey });
