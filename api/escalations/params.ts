import { z } from 'zod';
import { Uuid } from '../contracts/common';

export const EscalationParams = z.object({ familyId: Uuid, escalationId: Uuid });
