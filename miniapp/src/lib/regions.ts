import type { RegionInfo } from '@yaojia/shared';
import type { Coords } from './location';

/** Great-circle distance in km (haversine). */
export function distanceKm(a: Coords, b: Coords): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The region whose centre is nearest, if within `maxKm` (a province is wide; a city less so). */
export function nearestRegion(regions: readonly RegionInfo[], at: Coords, maxKm = 400): RegionInfo | null {
  let best: RegionInfo | null = null;
  let bestKm = Infinity;
  for (const r of regions) {
    const d = distanceKm(at, r.center);
    if (d < bestKm) {
      best = r;
      bestKm = d;
    }
  }
  return best && bestKm <= maxKm ? best : null;
}

/** "太原市 · 山西省", or just "沈阳市（联盟）" when the region is named after its city. */
export function regionLabel(r: Pick<RegionInfo, 'name' | 'center'>): string {
  const city = r.center.city.replace(/市$/, '');
  return r.name.startsWith(city) ? r.name : `${r.center.city} · ${r.name}`;
}
