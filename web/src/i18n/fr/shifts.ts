import type { shifts as english } from '../en/shifts';

export const shifts: typeof english = {};
