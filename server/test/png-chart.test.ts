import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { coverageChart } from '../src/lib/png-chart.js';

// The statistics workbook's chart: a bar's height is its share from a zero baseline, green when it meets
// the target due in its period, amber when not; an empty period draws no bar.
it('draws each share as a bar from zero, coloured by whether it meets the target', () => {
  const size = { width: 400, height: 300 };
  const png = PNG.sync.read(coverageChart([{ label: '1', value: 0.9 }, { label: '2', value: 0.5 }, { label: '3', value: null }], [{ share: 0.8, label: '80%', fromIndex: 0 }], size));
  expect([png.width, png.height]).toEqual([400, 300]);
  const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
  // layout of coverageChart: left 56, right 16, top 20, bottom 40 → plot 328 × 240; three slots
  const slot = 328 / 3;
  const cx = (i: number) => Math.round(56 + slot * i + slot / 2);
  const y = (v: number) => Math.round(20 + 240 * (1 - v));
  expect(at(cx(0), y(0.85))).toEqual([46, 160, 67]); // 90 %: inside its bar, green
  expect(at(cx(0), y(0.95))).toEqual([255, 255, 255]); // above 90 %: background
  expect(at(cx(1), y(0.45))).toEqual([230, 160, 30]); // 50 % under an 80 % target: amber
  expect(at(cx(1), y(0.55))).not.toEqual([230, 160, 30]); // and no higher than 50 %
  expect(at(cx(2), y(0.3))).toEqual([255, 255, 255]); // no data: no bar
});
