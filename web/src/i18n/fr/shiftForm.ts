import type { shiftForm as english } from '../en/shiftForm';

export const shiftForm: typeof english = {};
