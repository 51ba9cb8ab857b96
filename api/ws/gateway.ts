import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { originOfUpgrade, recordAudit, type AuditOrigin } from '../audit/record';
import { ClientMessage, type ServerMessage } from '../contracts/ws';
import { MembershipEntity } from '../db/entities/family';
import type { AppDeps } from '../deps';
import type { FamilyEventEnvelope, SessionsRevoked } from '../events/publisher';
import { SESSION_COOKIE, resolveSession } from '../auth/sessions';
import { hashToken } from '../auth/tokens';
import { answerFromApp } from '../escalations/answer';
import { AppError } from '../http/errors';
import { asUnavailable } from '../http/unavailable';
import { wsConnections, wsEventsFannedOut } from '../metrics/api-metrics';

const HEARTBEAT_MS = 30_000;
const MAX_MESSAGE_BYTES = 16 * 1024;

interface Peer {
  socket: WebSocket;
  userId: string;
  /** The session the socket was opened with: revoking it closes the socket. */
  tokenHash: string;
  families: Set<string>;
  alive: boolean;
  /** For the audit trail: a subscription streams health data, an acknowledgement changes it. */
  origin: AuditOrigin;
}

function send(peer: Peer, msg: ServerMessage): boolean {
  if (peer.socket.readyState !== peer.socket.OPEN) return false;
  peer.socket.send(JSON.stringify(msg));
  return true;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // a malformed escape (`%E0%A4%A`) is no session, not a server error
    }
  }
  return undefined;
}

/**
 * Cookies ride along on cross-site WebSocket handshakes, so a page on another origin could
 * otherwise open a socket as the logged-in caregiver. Only same-origin handshakes pass.
 */
function sameOrigin(req: IncomingMessage, appBaseUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser
  try {
    const host = new URL(origin).host;
    return host === req.headers.host || host === new URL(appBaseUrl).host;
  } catch {
    return false;
  }
}

/** The client may have reset the connection while the session was looked up: then there is nobody to answer. */
function refuse(socket: Duplex, status: number, reason: string) {
  if (socket.destroyed || !socket.writable) return socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The `/ws` channel: authenticated by the session cookie; each family subscription checks membership. */
export function attachGateway(server: Server, deps: AppDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const peers = new Set<Peer>();

  server.on('upgrade', (req, socket, head) => {
    // Before any await: a reset during the handshake (ECONNRESET, EPIPE) must end this
    // socket only. Without a listener Node throws it and the whole API process exits.
    socket.on('error', () => socket.destroy());
    void (async () => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') return refuse(socket, 404, 'Not Found');
      if (!sameOrigin(req, deps.config.appBaseUrl)) return refuse(socket, 403, 'Forbidden');
      const token = readCookie(req, SESSION_COOKIE);
      const user = token ? await resolveSession(deps.dataSource, token, deps.config) : undefined;
      if (!token || !user) return refuse(socket, 401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => {
        const origin = originOfUpgrade(req, deps.config.proxy);
        const peer: Peer = { socket: ws, userId: user.id, tokenHash: hashToken(token), families: new Set(), alive: true, origin };
        peers.add(peer);
        wsConnections.inc();
        // ws has already closed this socket (1009 too big, 1007 invalid UTF-8, or a reset)
        // when it emits 'error'; unheard, that error would end the process and every
        // other family's socket with it. Nothing is left to do for this one.
        ws.on('error', () => {});
        ws.on('pong', () => (peer.alive = true));
        // 'close' also follows terminate(), so the gauge goes down exactly once per socket.
        ws.on('close', () => {
          peers.delete(peer);
          wsConnections.dec();
        });
        ws.on('message', (data) => {
          // A rejection here (the database is down during a subscribe) would be unhandled and end the process.
          onMessage(peer, data.toString()).catch((err: unknown) => {
            deps.log.error('ws message failed', { userId: peer.userId, err: String(err) });
            send(peer, { type: 'error', code: 'unavailable', message: 'CareCircle cannot do that right now. Try again in a moment.' });
          });
        });
        send(peer, { type: 'hello', userId: user.id });
      });
    })().catch((err: unknown) => {
      deps.log.error('ws upgrade failed', { err: String(err) });
      // The database being down is the usual cause: the SPA's reconnect backoff retries either way.
      if (asUnavailable(err)) refuse(socket, 503, 'Service Unavailable');
      else refuse(socket, 500, 'Internal Server Error');
    });
  });

  async function onMessage(peer: Peer, text: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return send(peer, { type: 'error', code: 'validation_failed', message: 'Messages must be JSON.' });
    }
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) return send(peer, { type: 'error', code: 'validation_failed', message: 'Unknown or malformed message.' });
    const msg = parsed.data;
    switch (msg.type) {
      case 'ping':
        return send(peer, { type: 'pong' });
      case 'unsubscribe':
        peer.families.delete(msg.familyId);
        return send(peer, { type: 'unsubscribed', familyId: msg.familyId });
      case 'subscribe': {
        const member = await deps.dataSource.getRepository(MembershipEntity).findOneBy({ familyId: msg.familyId, userId: peer.userId });
        await recordAudit(deps.dataSource, {
          ...peer.origin,
          familyId: msg.familyId,
          userId: peer.userId,
          action: 'read',
          resourceType: 'live_events',
          resourceId: null,
          outcome: member ? 'allowed' : 'denied',
          operation: 'subscribe',
        });
        if (!member) {
          return send(peer, { type: 'error', code: 'forbidden', message: 'You are not a member of this family.', familyId: msg.familyId });
        }
        peer.families.add(msg.familyId);
        return send(peer, { type: 'subscribed', familyId: msg.familyId });
      }
      case 'acknowledge': {
        try {
          // Membership is re-checked here: a subscription is not a licence to act.
          const member = await deps.dataSource.getRepository(MembershipEntity).findOneBy({ familyId: msg.familyId, userId: peer.userId });
          if (!member) throw new AppError(403, 'forbidden', 'You are not a member of this family.');
          // The requestId is the client's id for this action: a resend after a dropped socket is the same Update.
          await answerFromApp(deps, {
            familyId: msg.familyId,
            escalationId: msg.escalationId,
            userId: peer.userId,
            action: 'acknowledge',
            idempotencyKey: msg.requestId,
          });
          await recordAudit(deps.dataSource, {
            ...peer.origin,
            familyId: msg.familyId,
            userId: peer.userId,
            action: 'answer',
            resourceType: 'escalation',
            resourceId: msg.escalationId,
            outcome: 'allowed',
            operation: 'acknowledge',
          });
          return send(peer, { type: 'command_result', requestId: msg.requestId, ok: true });
        } catch (err) {
          const e = err instanceof AppError ? err : undefined;
          if (!e) deps.log.error('ws acknowledge failed', { err: String(err) });
          return send(peer, {
            type: 'command_result',
            requestId: msg.requestId,
            ok: false,
            error: { code: e?.code ?? 'internal', message: e?.message ?? 'Something went wrong on our side.' },
          });
        }
      }
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  /** Called for every event from any API replica (via LISTEN/NOTIFY). */
  function dispatch({ familyId, event, at }: FamilyEventEnvelope) {
    for (const peer of peers) {
      if (!peer.families.has(familyId)) continue;
      if (send(peer, { type: 'event', familyId, event, at })) wsEventsFannedOut.inc({ type: event.type });
      // Someone removed from a family (or a deleted family) stops hearing about it at once.
      const lostAccess = event.type === 'family.deleted' || (event.type === 'member.removed' && event.userId === peer.userId);
      if (lostAccess) peer.families.delete(familyId);
    }
  }

  const heartbeat = setInterval(() => {
    for (const peer of peers) {
      if (!peer.alive) {
        peer.socket.terminate();
        peers.delete(peer);
        continue;
      }
      peer.alive = false;
      peer.socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  /** A logout (or "log out everywhere") on any replica ends the sockets of those sessions. */
  function revoke(r: SessionsRevoked) {
    for (const peer of peers) {
      const match = 'tokenHash' in r ? peer.tokenHash === r.tokenHash : peer.userId === r.userId;
      if (match) peer.socket.close(4401, 'session ended');
    }
  }

  return {
    dispatch,
    revoke,
    close() {
      clearInterval(heartbeat);
      for (const peer of peers) peer.socket.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
