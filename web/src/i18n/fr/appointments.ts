import type { appointments as english } from '../en/appointments';

export const appointments: typeof english = {};
