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
 * Scales observations for the hand-drawn chart (plain views, so it is the same in weapp and H5; a chart
 * library — AntV F2, ECharts for Taro — would add well over 100 KB to the subpackage for one bar chart).
 * Bars start at zero, so a bar's height is its price: +26 % looks like +26 %, and a price equal to the 中选价
 * reaches exactly the 中选价 line. The top of the axis is the highest value.
 */
export function buildChart(items: ReadonlyArray<{ sellingPrice: string; observedAt: string }>, winningPrice: string, maxPoints = 12): ChartModel {
  const ref = Number(winningPrice);
  const recent = [...items].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt)).slice(-maxPoints);
  const values = recent.map((i) => Number(i.sellingPrice));
  const max = Math.max(ref, ...values);
  const rawMin = Math.min(ref, ...values);
  const pct = (v: number) => (max > 0 ? Math.round((v / max) * 1000) / 10 : 0);
  return {
    points: recent.map((i, k) => ({
      price: values[k] as number,
      label: formatShortDate(i.observedAt),
      heightPct: pct(values[k] as number),
      aboveReference: (values[k] as number) > ref,
    })),
    referencePct: pct(ref),
    max,
    min: rawMin,
  };
}
