import cliProgress from 'cli-progress';
import type { OnProgress, ProgressEvent } from './types.js';

const PHASES: Record<ProgressEvent['phase'], string> = { read: 'reading', diff: 'diffing', apply: 'writing', snapshot: 'snapshot' };

/** A progress bar on a TTY (nothing otherwise, so logs and pipes stay clean). Call stop() before printing. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stdout): { onProgress: OnProgress | undefined; stop(): void } {
  if (!stream.isTTY) return { onProgress: undefined, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} {phase} [{bar}] {percentage}% {value}/{total} {unit}`, hideCursor: true, clearOnComplete: true, stopOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | null = null;
  let active = false;
  return {
    onProgress(e) {
      const total = e.total ?? Math.max(e.done, 1);
      const value = e.unit === 'bytes' ? Math.round(e.done / 1024) : e.done;
      const t = e.unit === 'bytes' ? Math.round(total / 1024) : total;
      const unit = e.unit === 'bytes' ? 'KiB' : 'rows';
      if (phase !== e.phase) {
        if (active) bar.stop();
        bar.start(t, value, { phase: PHASES[e.phase], unit });
        active = true;
        phase = e.phase;
      } else {
        bar.setTotal(t);
        bar.update(value, { phase: PHASES[e.phase], unit });
      }
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
