import { request, seg } from './client';
import { RecipientList, RecipientResponse, type RecipientInput, type RecipientPatch } from './contracts';

const recipients = (familyId: string) => `/api/families/${seg(familyId)}/recipients`;

export const listRecipients = (familyId: string) => request('GET', recipients(familyId), { schema: RecipientList });
export const addRecipient = (familyId: string, input: RecipientInput) =>
  request('POST', recipients(familyId), { body: input, schema: RecipientResponse });
export const updateRecipient = (familyId: string, recipientId: string, patch: RecipientPatch) =>
  request('PATCH', `${recipients(familyId)}/${seg(recipientId)}`, { body: patch, schema: RecipientResponse });
export const deleteRecipient = (familyId: string, recipientId: string) =>
  request('DELETE', `${recipients(familyId)}/${seg(recipientId)}`);
