import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Loaded by path (DataConverter.failureConverterPath) because failures are converted
 * inside the workflow sandbox too: this file must stay free of Node built-ins.
 * `encodeCommonAttributes` moves a failure's message and stack trace into an encoded
 * payload, so the payload codec encrypts them: an error can quote a skip reason.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
