import { z } from 'zod';
import { Uuid } from '../contracts/common';

export const FamilyParams = z.object({ familyId: Uuid });
export const MemberParams = z.object({ familyId: Uuid, userId: Uuid });
export const InvitationParams = z.object({ familyId: Uuid, invitationId: Uuid });
export const RecipientParams = z.object({ familyId: Uuid, recipientId: Uuid });
