/**
 * The next dose may be marked taken or skipped this long before it is due (given a little
 * early: its reminder is then never sent). One number for the workflow, which judges, and
 * the API and SPA, which offer the answer. No imports: workflow code bundles this file.
 */
export const EARLY_ANSWER_MINUTES = 120;
