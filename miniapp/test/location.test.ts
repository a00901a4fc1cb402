import { describe, expect, it } from 'vitest';
import type { RegionInfo } from '@yaojia/shared';
import { describeLocation, isValidCoords, roundCoord, roundCoords } from '../src/lib/location';
import { distanceKm, nearestRegion } from '../src/lib/regions';

describe('location rounding (≈100 m before it leaves the device)', () => {
  it('keeps three decimals', () => {
    expect(roundCoord(37.870591)).toBe(37.871);
    expect(roundCoord(112.548912)).toBe(112.549);
    expect(roundCoord(-0.0004)).toBe(-0);
    expect(roundCoords({ lat: 41.80567, lng: 123.43149 })).toEqual({ lat: 41.806, lng: 123.431 });
  });
  it('moves a point by at most ~80 m', () => {
    for (const [lat, lng] of [[37.8705, 112.5485], [41.8054999, 123.4314999], [22.12345, 113.98765]] as const) {
      const r = roundCoords({ lat, lng });
      expect(distanceKm(lat, lng, r.lat, r.lng)).toBeLessThan(0.08);
    }
  });
  it('validates coordinates', () => {
    expect(isValidCoords({ lat: 37.8, lng: 112.5 })).toBe(true);
    expect(isValidCoords({ lat: 0, lng: 0 })).toBe(false);
    expect(isValidCoords({ lat: 91, lng: 0 })).toBe(false);
    expect(isValidCoords(null)).toBe(false);
  });
  it('describes the state in words', () => {
    expect(describeLocation({ status: 'denied' }, null)).toContain('选择城市');
    expect(describeLocation({ status: 'manual', city: '沈阳', district: '和平区', coords: { lat: 41.8, lng: 123.4 } }, null)).toBe('手动选择：沈阳 和平区');
  });
});

const region = (slug: string, city: string, lat: number, lng: number): RegionInfo => ({
  slug,
  name: slug,
  hotline: '12345',
  center: { lat, lng, city },
  rules: [],
  lastPublishedAt: null,
  districts: [],
  staleAfterDays: 30,
});

describe('nearestRegion', () => {
  const regions = [region('shanxi', '太原', 37.87, 112.55), region('shenyang', '沈阳', 41.8, 123.43)];
  it('picks the closest centre', () => {
    expect(nearestRegion(regions, { lat: 37.9, lng: 112.6 })?.slug).toBe('shanxi');
    expect(nearestRegion(regions, { lat: 41.7, lng: 123.3 })?.slug).toBe('shenyang');
  });
  it('gives none when far from all (e.g. Guangzhou)', () => {
    expect(nearestRegion(regions, { lat: 23.13, lng: 113.26 })).toBeNull();
  });
  it('measures Taiyuan–Shenyang at about 1,000 km', () => {
    expect(distanceKm(regions[0]!.center.lat, regions[0]!.center.lng, regions[1]!.center.lat, regions[1]!.center.lng)).toBeGreaterThan(900);
    expect(distanceKm(regions[0]!.center.lat, regions[0]!.center.lng, regions[1]!.center.lat, regions[1]!.center.lng)).toBeLessThan(1100);
  });
});
