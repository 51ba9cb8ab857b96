import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions, type GrpcRetryOptions } from '@temporalio/client';

/**
 * A Connection whose close() is safe while a call is between retries. The SDK's gRPC retry
 * interceptor re-sends a failed call from a timer; if the channel is closed before that timer
 * fires, the re-send throws "Channel has been shut down" as an uncaught exception and the
 * call's promise never settles (an API request in flight at shutdown hangs, and a test
 * stopping its app fails after it ended). Here close() first stops new retries, then waits
 * for the retry timers already set (at most the SDK's longest backoff), so each call ends
 * with its own last error instead.
 */
export class ClosingConnection extends Connection {
  private retries: RetryGate | undefined;

  /** Connection.connect() builds through here too. Any interceptors passed are replaced by the gated retry. */
  static override lazy(options: ConnectionOptions = {}): ClosingConnection {
    const retries = new RetryGate();
    const connection = super.lazy({ ...options, interceptors: [makeGrpcRetryInterceptor(retries.options)] }) as ClosingConnection;
    connection.retries = retries;
    return connection;
  }

  override async close(): Promise<void> {
    await this.retries?.closeGate();
    await super.close();
  }
}

class RetryGate {
  private closed = false;
  private lastTimerFiresAt = 0;
  private readonly defaults = defaultGrpcRetryOptions();

  readonly options: GrpcRetryOptions = {
    retryableDecider: (attempt, status) => !this.closed && this.defaults.retryableDecider(attempt, status),
    // Called right before the interceptor sets its timer for the re-send.
    delayFunction: (attempt, status) => {
      const ms = this.defaults.delayFunction(attempt, status);
      this.lastTimerFiresAt = Math.max(this.lastTimerFiresAt, Date.now() + ms);
      return ms;
    },
  };

  async closeGate(): Promise<void> {
    this.closed = true;
    const wait = this.lastTimerFiresAt - Date.now();
    // A few ms more: the re-send must have created its call before the channel goes.
    if (wait > -20) await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait) + 20));
  }
}
