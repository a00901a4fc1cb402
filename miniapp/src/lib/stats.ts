import type { Coverage } from '@yaojia/shared';

/** Statistics page: pure helpers (quarters, amounts, the coverage chart). */

/** "2026Q4" for a moment, in China time. */
export function quarterOf(now: Date): string {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** The current quarter and the n − 1 before it, newest first. */
export function recentQuarters(now: Date, n = 4): string[] {
  const m = /^(\d{4})Q([1-4])$/.exec(quarterOf(now)) as RegExpExecArray;
  let year = Number(m[1]);
  let q = Number(m[2]);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${year}Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

/** "2026年第4季度" */
export function quarterLabel(period: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  return m ? `${m[1]}年第${m[2]}季度` : period;
}

/** A yuan string as 万元 with two decimals: "19693265.13" → "1969.33". */
export function formatWan(yuan: string): string {
  const n = Number(yuan);
  if (!Number.isFinite(n)) return '—';
  return (n / 10_000).toFixed(2);
}

export interface CoverageBar {
  period: string;
  /** bar height, % of the plot */
  heightPct: number;
  /** what the bar's top says */
  value: string;
  /** below the target in force at its period end */
  belowTarget: boolean;
}

export interface CoverageChart {
  /** share: joined / designated (targets drawn); joined: counts only (no denominator yet) */
  mode: 'share' | 'joined';
  bars: CoverageBar[];
  /** target lines, % of the plot (share mode only) */
  targets: Array<{ pct: number; label: string }>;
}

/**
 * Bars per quarter: the coverage share against 江西's targets when the bureau has entered the number of
 * designated institutions, otherwise the joined counts (and the page says why there is no share).
 */
export function buildCoverageChart(c: Coverage, maxBars = 8): CoverageChart {
  const series = c.series.slice(-maxBars);
  const hasShare = series.some((p) => p.share !== null);
  if (hasShare) {
    const targetAt = (end: string) => c.targets.filter((t) => t.by <= end).reduce<number | null>((m, t) => Math.max(m ?? 0, t.share), null);
    return {
      mode: 'share',
      bars: series.map((p) => {
        const share = p.share ?? 0;
        const target = targetAt(p.end);
        return {
          period: p.period,
          heightPct: Math.max(2, Math.min(100, Math.round(share * 1000) / 10)),
          value: p.share === null ? '—' : `${Math.round(p.share * 100)}%`,
          belowTarget: target !== null && p.share !== null && p.share < target,
        };
      }),
      targets: c.targets.map((t) => ({ pct: t.share * 100, label: `${t.by.slice(0, 4)}年底目标 ${Math.round(t.share * 100)}%` })),
    };
  }
  const max = Math.max(1, ...series.map((p) => p.joined));
  return {
    mode: 'joined',
    bars: series.map((p) => ({
      period: p.period,
      heightPct: Math.max(2, Math.round((p.joined / max) * 1000) / 10),
      value: String(p.joined),
      belowTarget: false,
    })),
    targets: [],
  };
}
