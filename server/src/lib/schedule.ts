import { Cron } from 'croner';

export interface Schedule {
  /** the next planned run, or null */
  next(): Date | null;
  /** stops scheduling; resolves when a run in progress has finished */
  stop(): Promise<void>;
}

/**
 * Runs `job` on a cron pattern (croner), in China time by default. croner's `protect` skips a tick
 * while the previous run is still going (overlap within this process); the ingest lock file covers
 * overlap with other processes (a manual run, a systemd timer). A failing run is reported through
 * onError and the schedule goes on.
 */
export function scheduleJob(pattern: string, job: () => Promise<void>, opts: { timezone?: string; onError?: (e: unknown) => void; onSkip?: () => void } = {}): Schedule {
  let running: Promise<void> | null = null;
  const cron = new Cron(pattern, {
    timezone: opts.timezone ?? 'Asia/Shanghai',
    protect: () => opts.onSkip?.(),
    catch: (e) => opts.onError?.(e),
  }, async () => {
    running = job().catch((e) => opts.onError?.(e));
    try {
      await running;
    } finally {
      running = null;
    }
  });
  return {
    next: () => cron.nextRun(),
    stop: async () => {
      cron.stop();
      if (running) await running;
    },
  };
}

/** Throws a readable error for a pattern croner cannot parse. */
export function checkPattern(pattern: string): void {
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (e) {
    throw new Error(`--schedule "${pattern}" is not a cron pattern (${(e as Error).message}); e.g. "0 2 * * *" for 02:00 every night`);
  }
}
