import { describe, expect, it } from 'vitest';
import type { Coverage } from '@yaojia/shared';
import { roundCoords, toGcj02 } from '../src/lib/location';
import { buildCoverageChart, formatWan, quarterLabel, quarterOf, recentQuarters } from '../src/lib/stats';

describe('quarters', () => {
  it('takes the quarter in China time', () => {
    expect(quarterOf(new Date('2026-09-30T17:00:00Z'))).toBe('2026Q4'); // 1 Oct 01:00 in China
    expect(quarterOf(new Date('2026-09-30T15:00:00Z'))).toBe('2026Q3');
  });
  it('lists the current quarter and the ones before, across a year end', () => {
    expect(recentQuarters(new Date('2026-02-10T00:00:00Z'), 4)).toEqual(['2026Q1', '2025Q4', '2025Q3', '2025Q2']);
    expect(quarterLabel('2026Q4')).toBe('2026年第4季度');
  });
  it('shows amounts in 万元', () => {
    expect(formatWan('19693265.13')).toBe('1969.33');
    expect(formatWan('0.00')).toBe('0.00');
  });
});

const targets: Coverage['targets'] = [
  { by: '2025-12-31', share: 0.8, source: '江西 seed 001', met: null },
  { by: '2026-12-31', share: 0.9, source: '江西 seed 001', met: null },
];

describe('coverage chart', () => {
  it('draws the share against the target in force at each quarter end', () => {
    const c: Coverage = {
      joined: 90,
      designated: 100,
      share: 0.9,
      denominator: 'bureau',
      designatedAsOf: '2026-10-01',
      targets,
      series: [
        { period: '2025Q3', end: '2025-09-30', joined: 50, designated: 100, share: 0.5 },
        { period: '2025Q4', end: '2025-12-31', joined: 75, designated: 100, share: 0.75 },
        { period: '2026Q4', end: '2026-12-31', joined: 90, designated: 100, share: 0.9 },
      ],
    };
    const chart = buildCoverageChart(c);
    expect(chart.mode).toBe('share');
    expect(chart.bars.map((b) => [b.value, b.heightPct, b.belowTarget])).toEqual([
      ['50%', 50, false], // no target yet
      ['75%', 75, true], // below 80 % at the end of 2025
      ['90%', 90, false],
    ]);
    expect(chart.targets.map((t) => t.pct)).toEqual([80, 90]);
  });
  it('falls back to joined counts when the bureau has not entered the denominator', () => {
    const c: Coverage = {
      joined: 174,
      designated: null,
      share: null,
      denominator: null,
      designatedAsOf: null,
      targets,
      series: [
        { period: '2025Q1', end: '2025-03-31', joined: 87, designated: null, share: null },
        { period: '2025Q2', end: '2025-06-30', joined: 174, designated: null, share: null },
      ],
    };
    const chart = buildCoverageChart(c);
    expect(chart.mode).toBe('joined');
    expect(chart.targets).toEqual([]);
    expect(chart.bars.map((b) => [b.value, b.heightPct])).toEqual([
      ['87', 50],
      ['174', 100],
    ]);
  });
});

describe('H5 location datum', () => {
  it('converts a WGS-84 fix to GCJ-02 before rounding; a GCJ-02 fix (weapp) is kept', () => {
    const fix = { lat: 37.8706, lng: 112.5489 };
    expect(roundCoords(toGcj02(fix, 'wgs84'))).toEqual({ lat: 37.871, lng: 112.555 });
    expect(roundCoords(toGcj02(fix, 'gcj02'))).toEqual({ lat: 37.871, lng: 112.549 });
  });
});
