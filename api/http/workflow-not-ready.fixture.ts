import { defineUpdate, setHandler } from '@temporalio/workflow';

export const answerForTest = defineUpdate<string>('answerForTest');

/** A workflow with a bug: every workflow task fails, and the worker keeps running it again. */
export async function failingTaskForTest(): Promise<void> {
  setHandler(answerForTest, () => 'recorded');
  throw new TypeError('a bug in the workflow');
}
