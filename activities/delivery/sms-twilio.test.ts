import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { PERMANENT_DELIVERY_FAILURE } from '../escalation/types';
import { sendSmsViaTwilio } from './sms-twilio';
import { startFakeTwilio, twilioError, type FakeProvider } from './testing/fake-provider';

describe('Twilio adapter: the real twilio SDK against a local Messages API', () => {
  let twilio: FakeProvider;
  const sid = `AC${'1'.repeat(32)}`;
  const settings = () => ({ accountSid: sid, authToken: 'test-token', from: '+15005550006', baseUrl: twilio.url });
  const sms = { to: '+33612345678', body: "CareCircle: Nan's medication has not been confirmed. Reply 4821 to acknowledge." };

  before(async () => {
    twilio = await startFakeTwilio();
  });
  after(() => twilio.close());

  test('201 Created → sent, with the message sid; the request is form-encoded with basic auth', async () => {
    const { providerMessageId } = await sendSmsViaTwilio(settings(), sms);
    assert.match(providerMessageId, /^SM[0-9a-f]{32}$/);
    const req = twilio.requests.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, `/2010-04-01/Accounts/${sid}/Messages.json`);
    assert.equal(req.headers.authorization, `Basic ${Buffer.from(`${sid}:test-token`).toString('base64')}`);
    const form = new URLSearchParams(req.body.toString());
    assert.equal(form.get('To'), '+33612345678');
    assert.equal(form.get('From'), '+15005550006');
    assert.equal(form.get('Body'), sms.body);
  });

  test('400 code 21211 (not a valid number) → permanent, and the number stays out of the message', async () => {
    twilio.answerNext(twilioError(400, 21211, "The 'To' number +33612345678 is not a valid phone number."));
    await assert.rejects(sendSmsViaTwilio(settings(), sms), (err) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.nonRetryable, true);
      assert.equal(err.type, PERMANENT_DELIVERY_FAILURE);
      assert.match(err.message, /code 21211/);
      assert.ok(!err.message.includes('+336'));
      return true;
    });
  });

  test('429 → retryable after Twilio’s Retry-After; 500 → plain retry', async () => {
    twilio.answerNext(twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '3' }));
    await assert.rejects(sendSmsViaTwilio(settings(), sms), (err) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.nonRetryable, false);
      assert.equal(err.nextRetryDelay, 3_000);
      return true;
    });
    twilio.answerNext(twilioError(500, 20500, 'Internal Server Error'));
    await assert.rejects(sendSmsViaTwilio(settings(), sms), (err) => !(err instanceof ApplicationFailure) && /500/.test((err as Error).message));
  });

  test('Twilio unreachable → transient network error', async () => {
    await assert.rejects(sendSmsViaTwilio({ ...settings(), baseUrl: 'http://127.0.0.1:1' }, sms), (err) => !(err instanceof ApplicationFailure) && /network error/.test((err as Error).message));
  });
});
