import type { family as english } from '../en/family';

export const family: typeof english = {};
