export { distanceKm, nearestRegion } from '@yaojia/shared/domain/geo';
import type { RegionInfo } from '@yaojia/shared';

/** "太原市 · 山西省", or just "沈阳市（联盟）" when the region is named after its city. */
export function regionLabel(r: Pick<RegionInfo, 'name' | 'center'>): string {
  const city = r.center.city.replace(/市$/, '');
  return r.name.startsWith(city) ? r.name : `${r.center.city} · ${r.name}`;
}
