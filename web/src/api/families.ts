import { request, seg } from './client';
import { FamilyList, FamilyResponse, MemberList, MemberResponse, type FamilyInput, type Role } from './contracts';

const family = (familyId: string) => `/api/families/${seg(familyId)}`;

export const listFamilies = () => request('GET', '/api/families', { schema: FamilyList });
export const createFamily = (input: FamilyInput) => request('POST', '/api/families', { body: input, schema: FamilyResponse });
export const getFamily = (familyId: string) => request('GET', family(familyId), { schema: FamilyResponse });
export const renameFamily = (familyId: string, input: FamilyInput) =>
  request('PATCH', family(familyId), { body: input, schema: FamilyResponse });
export const deleteFamily = (familyId: string) => request('DELETE', family(familyId));

export const listMembers = (familyId: string) => request('GET', `${family(familyId)}/members`, { schema: MemberList });
export const changeRole = (familyId: string, userId: string, role: Role) =>
  request('PATCH', `${family(familyId)}/members/${seg(userId)}`, { body: { role }, schema: MemberResponse });
/** Removes a member; called with your own id, it is how you leave the family. */
export const removeMember = (familyId: string, userId: string) =>
  request('DELETE', `${family(familyId)}/members/${seg(userId)}`);
