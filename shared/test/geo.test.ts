import { describe, expect, it } from 'vitest';
import { outOfChina, wgs84ToGcj02 } from '../src/domain/geo.js';

// The published test vectors of the transform (eviltransform's test suites: wgs → gcj).
const VECTORS: Array<[string, { lat: number; lng: number }, { lat: number; lng: number }]> = [
  ['上海', { lat: 31.1774276, lng: 121.5272106 }, { lat: 31.17530398364597, lng: 121.531541859215 }],
  ['深圳', { lat: 22.543847, lng: 113.912316 }, { lat: 22.540796131694766, lng: 113.9171764808363 }],
  ['北京', { lat: 39.911954, lng: 116.377817 }, { lat: 39.91334545536069, lng: 116.38404722455657 }],
];

describe('wgs84ToGcj02', () => {
  it.each(VECTORS)('matches the published vector for %s', (_city, wgs, gcj) => {
    const r = wgs84ToGcj02(wgs);
    expect(r.lat).toBeCloseTo(gcj.lat, 9);
    expect(r.lng).toBeCloseTo(gcj.lng, 9);
  });

  it('is the identity outside China', () => {
    for (const p of [
      { lat: 39.7392, lng: -104.9903 }, // Denver
      { lat: -27.4698, lng: 153.0251 }, // Brisbane
      { lat: 51.5072, lng: -0.1276 }, // London
    ]) {
      expect(outOfChina(p)).toBe(true);
      expect(wgs84ToGcj02(p)).toEqual(p);
    }
  });

  it('moves a point in 太原 by a few hundred metres, which rounding to 3 decimals would not hide', () => {
    const wgs = { lat: 37.8706, lng: 112.5489 };
    const gcj = wgs84ToGcj02(wgs);
    const dy = (gcj.lat - wgs.lat) * 111_320;
    const dx = (gcj.lng - wgs.lng) * 111_320 * Math.cos((wgs.lat * Math.PI) / 180);
    const metres = Math.hypot(dx, dy);
    expect(metres).toBeGreaterThan(200);
    expect(metres).toBeLessThan(800);
  });
});
