import pg from 'pg';
import type { Logger } from '../http/error-middleware';
import { EVENTS_CHANNEL, SESSIONS_CHANNEL, type FamilyEventEnvelope, type SessionsRevoked } from './publisher';
import { loggableError } from '../log';

/**
 * Holds one dedicated connection LISTENing for family events and hands each to `onEvent`.
 * Reconnects with backoff; events NOTIFYed while disconnected are lost, so the SPA
 * refetches after its own reconnect rather than trusting the stream to be complete.
 */
export function listenForFamilyEvents(
  url: string,
  onEvent: (e: FamilyEventEnvelope) => void,
  log: Logger,
  onSessionsRevoked: (r: SessionsRevoked) => void = () => {},
) {
  let client: pg.Client | undefined;
  let stopped = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', (msg) => {
      if (!msg.payload) return;
      try {
        if (msg.channel === EVENTS_CHANNEL) onEvent(JSON.parse(msg.payload) as FamilyEventEnvelope);
        else if (msg.channel === SESSIONS_CHANNEL) onSessionsRevoked(JSON.parse(msg.payload) as SessionsRevoked);
      } catch (err) {
        log.error('bad event payload', { ...loggableError(err) });
      }
    });
    c.on('error', (err) => {
      log.error('event listener connection lost', { ...loggableError(err) });
      retry();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
      await c.query(`LISTEN ${SESSIONS_CHANNEL}`);
      attempt = 0;
    } catch (err) {
      log.error('event listener could not connect', { ...loggableError(err) });
      retry();
    }
  };

  const retry = () => {
    if (stopped || timer) return;
    void client?.end().catch(() => {});
    const delay = Math.min(30_000, 500 * 2 ** attempt++);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
  };

  const ready = connect();
  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
