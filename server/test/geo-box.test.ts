import { describe, expect, it } from 'vitest';
import { boundingBox, distanceKm } from '@yaojia/shared';

describe('boundingBox', () => {
  it('holds every point within the radius, the edge due north, south, east and west included', () => {
    for (const [lat, lng] of [[37.87, 112.55], [45.8, 126.6], [18.2, 109.5]] as const) {
      for (const r of [0.5, 2, 10, 50]) {
        const box = boundingBox(lat, lng, r);
        // walk the circle just inside its edge
        for (let step = 0; step < 360; step++) {
          const bearing = (step * Math.PI) / 180;
          const p = destination(lat, lng, r * 0.99999, bearing);
          expect(distanceKm(lat, lng, p.lat, p.lng)).toBeLessThanOrEqual(r);
          expect(p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng, `${lat},${lng} r=${r} bearing ${step}°`).toBe(true);
        }
      }
    }
  });
});

/** The point at distance km and bearing from a start, on distanceKm's sphere. */
function destination(lat: number, lng: number, km: number, bearing: number) {
  const R = 6371.0088;
  const d = km / R;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lng * Math.PI) / 180;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(bearing));
  const λ2 = λ1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  return { lat: (φ2 * 180) / Math.PI, lng: (λ2 * 180) / Math.PI };
}
