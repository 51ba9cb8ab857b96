import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { PERMANENT_DELIVERY_FAILURE } from '../escalation/types';
import { sendEmailViaSendGrid } from './email-sendgrid';
import { sendGridError, startFakeSendGrid, type FakeProvider } from './testing/fake-provider';

describe('SendGrid adapter: the real @sendgrid/mail against a local /v3/mail/send', () => {
  let sendgrid: FakeProvider;
  const settings = () => ({ apiKey: 'SG.test-key', from: 'alerts@carecircle.test', baseUrl: sendgrid.url });
  const email = { to: 'ben@example.test', subject: 'CareCircle: Nan', text: 'Answer here: http://x/answer?token=t', idempotencyKey: 'esc/e1/r1/s1/u1/email' };

  before(async () => {
    sendgrid = await startFakeSendGrid();
  });
  after(() => sendgrid.close());

  test('202 Accepted → sent, with X-Message-Id as the provider id and our key in custom_args', async () => {
    const result = await sendEmailViaSendGrid(settings(), email);
    assert.match(result.providerMessageId!, /^sg-/);
    const req = sendgrid.requests.at(-1)!;
    assert.equal(req.headers.authorization, 'Bearer SG.test-key');
    const body = JSON.parse(req.body.toString());
    assert.deepEqual(body.personalizations[0].to, [{ email: 'ben@example.test' }]);
    assert.deepEqual(body.from, { email: 'alerts@carecircle.test' });
    assert.equal(body.subject, 'CareCircle: Nan');
    assert.deepEqual(body.content, [{ type: 'text/plain', value: email.text }]);
    assert.equal(body.custom_args.idempotency_key, 'esc/e1/r1/s1/u1/email');
    assert.equal(body.tracking_settings.click_tracking.enable, false);
  });

  test('429 with Retry-After → retryable, and Temporal waits as long as SendGrid asked', async () => {
    sendgrid.answerNext(sendGridError(429, null, 'too many requests', { 'retry-after': '12' }));
    await assert.rejects(sendEmailViaSendGrid(settings(), email), (err) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.nonRetryable, false);
      assert.equal(err.nextRetryDelay, 12_000);
      return true;
    });
  });

  test('500 → a plain error, retried with Temporal backoff', async () => {
    sendgrid.answerNext({ status: 500, body: { errors: [{ message: 'internal error', field: null }] } });
    await assert.rejects(sendEmailViaSendGrid(settings(), email), (err) => !(err instanceof ApplicationFailure) && /sendgrid: provider error \(500\)/.test((err as Error).message));
  });

  test('400 with SendGrid error JSON → permanent, naming the field but never the address', async () => {
    sendgrid.answerNext(sendGridError(400, 'personalizations.0.to.0.email', 'Does not contain a valid address: ben@example.test'));
    await assert.rejects(sendEmailViaSendGrid(settings(), email), (err) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.nonRetryable, true);
      assert.equal(err.type, PERMANENT_DELIVERY_FAILURE);
      assert.equal(err.message, 'sendgrid: refused (400: personalizations.0.to.0.email)');
      return true;
    });
  });

  test('401 (a revoked API key) is permanent too: retrying cannot fix it, the next channel might', async () => {
    sendgrid.answerNext(sendGridError(401, null, 'The provided authorization grant is invalid'));
    await assert.rejects(sendEmailViaSendGrid(settings(), email), (err) => err instanceof ApplicationFailure && err.nonRetryable);
  });
});
