import { InterceptingCall, status, type Interceptor, type NextCall } from '@grpc/grpc-js';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions, type ConnectionPlugin, type GrpcRetryOptions } from '@temporalio/client';

/**
 * A Connection whose close() is safe while a call waits to be retried. The SDK's gRPC retry
 * interceptor re-sends a failed call from a timer; if the channel was closed meanwhile, the
 * re-send threw "Channel has been shut down" as an uncaught exception and the call's promise
 * never settled (an API request in flight at shutdown hung, and a test that stopped its app
 * failed after it had ended). Here every send, first or re-sent, passes a gate below the
 * retry interceptor: once closed, it ends the call with UNAVAILABLE without touching the
 * channel, and no retry is asked for, so the caller gets that error.
 */
export class ClosingConnection extends Connection {
  private gate: ClosedGate | undefined;

  /** Connection.connect() builds through here too. */
  static override lazy(options: ConnectionOptions = {}): ClosingConnection {
    if (options.interceptors) throw new Error('ClosingConnection sets its own gRPC interceptors (the retry and the closed gate)');
    const gate = new ClosedGate();
    const connection = super.lazy({ ...options, interceptors: gate.interceptors }) as ClosingConnection;
    connection.gate = gate;
    return connection;
  }

  override async close(): Promise<void> {
    this.gate?.close();
    await super.close();
  }
}

/**
 * The retry and the gate below it, for a connection built elsewhere (the SDK's test
 * environment builds its own; `plugin` puts them on it): call close() before closing it.
 */
export class ClosedGate {
  private closed = false;
  private readonly defaults = defaultGrpcRetryOptions();

  private readonly retryOptions: GrpcRetryOptions = {
    ...this.defaults,
    retryableDecider: (attempt, s) => !this.closed && this.defaults.retryableDecider(attempt, s),
  };

  private readonly gate: Interceptor = (options, nextCall) => new InterceptingCall(this.closed ? refusedCall() : nextCall(options));

  /** The first interceptor is the outermost: the retry's re-sends pass the gate. */
  readonly interceptors: Interceptor[] = [makeGrpcRetryInterceptor(this.retryOptions), this.gate];

  readonly plugin: ConnectionPlugin = { name: 'carecircle-closed-gate', configureConnection: (options) => ({ ...options, interceptors: this.interceptors }) };

  close(): void {
    this.closed = true;
  }
}

/** A call that never reaches the channel: it ends, a tick later, as a closed channel's unary calls do (no message, then the status). */
function refusedCall(): ReturnType<NextCall> {
  return {
    start(metadata, listener) {
      setImmediate(() => {
        listener?.onReceiveMessage?.(null);
        listener?.onReceiveStatus?.({ code: status.UNAVAILABLE, details: 'the Temporal connection was closed', metadata });
      });
    },
    sendMessage() {},
    sendMessageWithContext() {},
    startRead() {},
    halfClose() {},
    cancelWithStatus() {},
    getPeer: () => 'closed',
    getAuthContext: () => null,
  };
}
