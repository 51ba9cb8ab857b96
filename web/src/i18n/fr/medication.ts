import type { medication as english } from '../en/medication';

export const medication: typeof english = {};
