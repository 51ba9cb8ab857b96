import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import {
  decodeFailure,
  encodeErrorToFailure,
  encodeUserMetadata,
} from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { formatPayloadKeys, generatePayloadKey, parsePayloadKeys } from './codec/payload-keys';
import { createDataConverter } from './data-converter';

const ring = parsePayloadKeys(formatPayloadKeys([generatePayloadKey('k1')]));
const converter = loadDataConverter(createDataConverter(() => ring));
const SECRET = 'CANARY-vomiting since 5am';

describe('the shared data converter', { timeout: 10_000 }, () => {
  test('a failure message and its stack trace leave encrypted, and come back whole', async () => {
    // Converted and run through the codecs, as a worker does before reporting it.
    const failure = await encodeErrorToFailure(converter, ApplicationFailure.nonRetryable(`skip refused: ${SECRET}`, 'Test'));
    assert.equal(failure.message, 'Encoded failure');
    assert.equal(failure.stackTrace, '');
    assert.equal(Buffer.from(failure.encodedAttributes!.metadata!.encoding!).toString(), 'binary/encrypted');
    assert.ok(!JSON.stringify(failure).includes('CANARY') && !Buffer.from(failure.encodedAttributes!.data!).includes('CANARY'));
    const back = converter.failureConverter.failureToError(await decodeFailure(converter.payloadCodecs, failure), converter.payloadConverter);
    assert.equal(back.message, `skip refused: ${SECRET}`);
  });

  test('workflow summaries shown in Temporal UI are payloads too, encrypted like the rest', async () => {
    const meta = await encodeUserMetadata(converter, `Summary ${SECRET}`, undefined);
    assert.equal(Buffer.from(meta!.summary!.metadata!.encoding!).toString(), 'binary/encrypted');
    assert.ok(!Buffer.from(meta!.summary!.data!).includes('CANARY'));
  });
});
