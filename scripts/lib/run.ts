import { ConfigError } from '@yaojia/server/errors';

/** Runs a long-lived CLI: closes what it started on Ctrl-C / SIGTERM (once), exits non-zero on failure. */
export function runService(main: () => Promise<Array<() => Promise<void>>>): void {
  main()
    .then((closers) => {
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        for (const close of closers) await close().catch((err) => console.error(err));
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(err instanceof ConfigError ? `配置错误: ${err.message}` : err);
      process.exit(1);
    });
}
