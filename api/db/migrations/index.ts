import { Foundation1732300000000 } from './1732300000000-foundation';

/** Listed explicitly (not globbed) so tsx, the bundled worker and tests all load the same set in order. */
export const migrations = [Foundation1732300000000];
