import { request, seg } from './client';
import {
  FamilyResponse,
  InvitationList,
  InvitationPreviewResponse,
  InvitationResponse,
  MyInvitationList,
  type InvitationInput,
} from './contracts';

const invitations = (familyId: string) => `/api/families/${seg(familyId)}/invitations`;

export const listInvitations = (familyId: string) => request('GET', invitations(familyId), { schema: InvitationList });
export const invite = (familyId: string, input: InvitationInput) =>
  request('POST', invitations(familyId), { body: input, schema: InvitationResponse });
export const revokeInvitation = (familyId: string, invitationId: string) =>
  request('DELETE', `${invitations(familyId)}/${seg(invitationId)}`);

export const previewInvitation = (token: string) =>
  request('GET', `/api/invitations/${seg(token)}`, { schema: InvitationPreviewResponse });
export const acceptInvitation = (token: string) =>
  request('POST', `/api/invitations/${seg(token)}/accept`, { schema: FamilyResponse });
export const declineInvitation = (token: string) => request('POST', `/api/invitations/${seg(token)}/decline`);

/** Invitations to my verified email, answered while signed in (no link needed). */
export const listMyInvitations = () => request('GET', '/api/me/invitations', { schema: MyInvitationList });
export const acceptMyInvitation = (invitationId: string) =>
  request('POST', `/api/me/invitations/${seg(invitationId)}/accept`, { schema: FamilyResponse });
export const declineMyInvitation = (invitationId: string) => request('POST', `/api/me/invitations/${seg(invitationId)}/decline`);
