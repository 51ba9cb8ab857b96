import type { alerts as english } from '../en/alerts';

export const alerts: typeof english = {};
