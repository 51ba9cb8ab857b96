import type { profile as english } from '../en/profile';

export const profile: typeof english = {};
