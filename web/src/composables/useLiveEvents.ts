import { reactive, readonly, ref } from 'vue';
import { FamilyEvent, type ClientMessage, type ServerMessage } from '../api/contracts';
import { backoffDelay } from './backoff';

/**
 * ONE WebSocket per tab, shared by every page that wants live family events.
 * Protocol rules this file keeps:
 * - the server forgets subscriptions when a socket dies, so every (re)connect
 *   re-subscribes each family someone is still listening to;
 * - a socket can die silently (phone sleeps, NAT drops it): we ping every 25 s and a
 *   missing pong within 10 s counts as a dead socket, dropped without waiting for a
 *   closing handshake that may never come;
 * - reconnects back off exponentially with full jitter so a restarted server is not
 *   stampeded by every open tab at once.
 */

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface LiveListener {
  onEvent: (event: FamilyEvent, at: string) => void;
  /** Called each time the server confirms the subscription, including after a reconnect:
   *  events sent while we were away are lost, so this is the moment to refetch. */
  onSubscribed?: () => void;
  /** The server refused this family (e.g. no longer a member). */
  onRefused?: (message: string) => void;
}

const HEARTBEAT_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;

const status = ref<LiveStatus>('idle');
const liveFamilies = reactive(new Set<string>());
const listeners = new Map<string, Set<LiveListener>>();
let socket: WebSocket | null = null;
let attempt = 0;
let stopped = true;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
let pongTimer: ReturnType<typeof setTimeout> | undefined;
let nextRequest = 1;

type Command = Extract<ClientMessage, { requestId: string }>;
export type CommandResult = Extract<ServerMessage, { type: 'command_result' }>;
/** Commands waiting for their `command_result`, by requestId. */
const pendingCommands = new Map<string, { settle: (r: CommandResult | Error) => void }>();
const COMMAND_TIMEOUT_MS = 8000;

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

function send(message: ClientMessage) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  clearTimeout(reconnectTimer);
  stopped = false;
  status.value = attempt === 0 ? 'connecting' : 'reconnecting';
  const ws = new WebSocket(socketUrl());
  socket = ws;
  ws.onopen = () => {
    status.value = 'open';
    for (const familyId of listeners.keys()) send({ type: 'subscribe', familyId });
    startHeartbeat();
  };
  ws.onmessage = (m: MessageEvent) => {
    if (typeof m.data === 'string') receive(m.data);
  };
  ws.onclose = () => connectionLost();
  // An error is always followed by a close event; reconnecting is handled there.
  ws.onerror = () => undefined;
}

function connectionLost() {
  dropSocket();
  if (stopped) return;
  status.value = 'reconnecting';
  reconnectTimer = setTimeout(connect, backoffDelay(attempt++));
}

/** Forgets the current socket at once; its late events can no longer reach us. */
function dropSocket() {
  clearInterval(heartbeatTimer);
  clearTimeout(pongTimer);
  pongTimer = undefined;
  liveFamilies.clear();
  // A command sent on a dead socket may or may not have reached the server; its caller
  // falls back to REST, and the workflow's answer rules make a double answer harmless.
  for (const c of pendingCommands.values()) c.settle(new Error('connection lost'));
  pendingCommands.clear();
  const ws = socket;
  socket = null;
  if (!ws) return;
  ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
}

function startHeartbeat() {
  clearInterval(heartbeatTimer);
  heartbeatTimer = setInterval(() => {
    send({ type: 'ping' });
    pongTimer ??= setTimeout(connectionLost, PONG_TIMEOUT_MS);
  }, HEARTBEAT_MS);
}

function receive(raw: string) {
  let message: ServerMessage;
  try {
    message = JSON.parse(raw) as ServerMessage;
  } catch {
    return;
  }
  switch (message.type) {
    case 'hello':
      attempt = 0; // a greeting proves the server accepted us; the next failure starts fresh
      return;
    case 'subscribed':
      liveFamilies.add(message.familyId);
      listeners.get(message.familyId)?.forEach((l) => l.onSubscribed?.());
      return;
    case 'unsubscribed':
      liveFamilies.delete(message.familyId);
      return;
    case 'pong':
      clearTimeout(pongTimer);
      pongTimer = undefined;
      return;
    case 'event': {
      const event = FamilyEvent.safeParse(message.event);
      if (!event.success) return console.warn('Ignoring a live event this app does not understand', message);
      listeners.get(message.familyId)?.forEach((l) => l.onEvent(event.data, message.at));
      return;
    }
    case 'command_result':
      pendingCommands.get(message.requestId)?.settle(message);
      pendingCommands.delete(message.requestId);
      return;
    case 'error':
      if (message.familyId) {
        liveFamilies.delete(message.familyId);
        listeners.get(message.familyId)?.forEach((l) => l.onRefused?.(message.message));
      }
      return;
    default:
      return; // a newer server may send kinds we do not know yet
  }
}

/** Listens to one family's events; returns the function that stops listening. */
function subscribe(familyId: string, listener: LiveListener): () => void {
  let set = listeners.get(familyId);
  const first = !set;
  if (!set) listeners.set(familyId, (set = new Set()));
  set.add(listener);
  if (stopped) connect();
  else if (first) send({ type: 'subscribe', familyId });
  else if (liveFamilies.has(familyId)) queueMicrotask(() => listener.onSubscribed?.());

  return () => {
    const current = listeners.get(familyId);
    if (!current?.delete(listener) || current.size > 0) return;
    listeners.delete(familyId);
    liveFamilies.delete(familyId);
    send({ type: 'unsubscribe', familyId });
  };
}

/**
 * Sends a command to a workflow over the socket and waits for its `command_result`.
 * Rejects when there is no open socket, the socket dies, or no answer comes in time:
 * callers then use the REST route instead.
 */
function command(message: Omit<Command, 'requestId'> & { requestId?: string }): Promise<CommandResult> {
  if (socket?.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
  // A caller that may retry by REST passes its action key: the server treats both as one answer.
  const requestId = message.requestId ?? `r${nextRequest++}-${Math.random().toString(36).slice(2, 8)}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pendingCommands.delete(requestId);
      reject(new Error('no answer in time'));
    }, COMMAND_TIMEOUT_MS);
    pendingCommands.set(requestId, {
      settle: (r) => {
        clearTimeout(timer);
        if (r instanceof Error) reject(r);
        else resolve(r);
      },
    });
    send({ ...message, requestId } as Command);
  });
}

/** Closes the socket for good, e.g. at logout: the next subscribe opens a fresh one. */
function disconnect() {
  stopped = true;
  clearTimeout(reconnectTimer);
  attempt = 0;
  dropSocket();
  status.value = 'idle';
}

if (typeof window !== 'undefined') {
  // Back online: try now instead of waiting out a long backoff.
  window.addEventListener('online', () => {
    if (stopped || socket) return;
    attempt = 0;
    connect();
  });
}

export function useLiveEvents() {
  return {
    status: readonly(status),
    isLive: (familyId: string) => liveFamilies.has(familyId),
    subscribe,
    command,
    disconnect,
  };
}
