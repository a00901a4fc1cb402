import { formatShortDate } from './format';

export interface ChartPoint {
  price: number;
  label: string;
  /** bar height as % of the plot */
  heightPct: number;
  aboveReference: boolean;
}

export interface ChartModel {
  points: ChartPoint[];
  /** where the 中选价 line sits, % from the bottom */
  referencePct: number;
  max: number;
  min: number;
}

/**
 * Scales observations for the hand-drawn chart (plain views, so it is the same in weapp and H5).
 * The axis starts a little below the lowest value so small differences stay visible.
 */
export function buildChart(items: ReadonlyArray<{ sellingPrice: string; observedAt: string }>, winningPrice: string, maxPoints = 12): ChartModel {
  const ref = Number(winningPrice);
  const recent = [...items].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt)).slice(-maxPoints);
  const values = recent.map((i) => Number(i.sellingPrice));
  const max = Math.max(ref, ...values);
  const rawMin = Math.min(ref, ...values);
  const floor = Math.max(0, rawMin - (max - rawMin || max) * 0.5);
  const span = max - floor || 1;
  const pct = (v: number) => Math.round(((v - floor) / span) * 1000) / 10;
  return {
    points: recent.map((i, k) => ({
      price: values[k] as number,
      label: formatShortDate(i.observedAt),
      heightPct: Math.max(2, pct(values[k] as number)),
      aboveReference: (values[k] as number) > ref,
    })),
    referencePct: pct(ref),
    max,
    min: rawMin,
  };
}
