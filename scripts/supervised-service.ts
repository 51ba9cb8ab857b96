import { DEFAULT_RESTART_POLICY, DeathCounter, type RestartPolicy } from './restart-policy';

/** What the PostgreSQL and Temporal dev server wrappers give back once serving. */
export interface Service {
  pid?: number;
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface SupervisedServiceOptions<S extends Service> {
  name: string;
  /** Starts the service on its usual port and data; resolves once it serves. */
  start: () => Promise<S>;
  log: (line: string) => void;
  onStart?: (service: S) => void;
  onExit?: (service: S) => void;
  onGiveUp: (reason: string) => void;
  /** The whole stack is stopping: a Ctrl-C reaches these servers before their stop() is called. */
  shuttingDown?: () => boolean;
  policy?: RestartPolicy;
}

/**
 * PostgreSQL or the Temporal dev server, started again in place (same port, same data) when it
 * dies unasked: the API answers 503 and the worker retries meanwhile, and both reconnect by
 * themselves. The first start is not retried: its error is the start-up's error.
 */
export async function superviseService<S extends Service>(opts: SupervisedServiceOptions<S>) {
  const deaths = new DeathCounter(opts.policy ?? DEFAULT_RESTART_POLICY);
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<unknown> | undefined;
  let current = await opts.start();

  const watch = (service: S) => {
    opts.onStart?.(service);
    void service.exited.then(() => {
      opts.onExit?.(service);
      if (!stopping && !opts.shuttingDown?.()) restartLater('exited unexpectedly');
    });
  };
  const restartLater = (what: string) => {
    const death = deaths.record();
    if (death.giveUp) return opts.onGiveUp(`${opts.name} keeps dying (${deaths.describe(death.recent)}, last: ${what}).`);
    opts.log(`[${opts.name}] ${what}; restarting in ${(death.delayMs / 1000).toFixed(1)} s`);
    timer = setTimeout(() => {
      if (stopping) return;
      starting = opts.start().then(
        (service) => {
          if (stopping) return void service.stop();
          current = service;
          opts.log(`[${opts.name}] restarted`);
          watch(service);
        },
        (err: unknown) => restartLater(`could not restart: ${(err as Error).message}`),
      );
    }, death.delayMs);
  };
  watch(current);

  return {
    current: () => current,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await starting; // a restart under way stops itself once started
      await current.stop();
    },
  };
}
