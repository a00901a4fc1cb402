/** Great-circle distance in km (haversine). GCJ-02 offsets are the same for nearby points, so distances hold. */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const R = 6371.0088;
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLng = (lng2 - lng1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The smallest lat/lng box that contains the circle of radiusKm around a point, on the same sphere as
 * distanceKm (R = 6371.0088 km): ±r/R of latitude, and ±asin(sin(r/R)/cos φ) of longitude (the circle's
 * widest point lies poleward of its centre). A box on 111.32 km a degree was ~0.1 % too small, so an
 * institution just inside the radius due north or south could be left out.
 */
export function boundingBox(lat: number, lng: number, radiusKm: number) {
  const R = 6371.0088;
  const toDeg = 180 / Math.PI;
  const angular = radiusKm / R;
  const dLat = angular * toDeg;
  const ratio = Math.sin(angular) / Math.max(1e-9, Math.cos((lat * Math.PI) / 180));
  const dLng = ratio >= 1 ? 180 : Math.asin(ratio) * toDeg;
  // a hair of slack for floating-point rounding at the edge: the distance check that follows is the exact one
  const eps = 1e-9;
  return { minLat: lat - dLat - eps, maxLat: lat + dLat + eps, minLng: lng - dLng - eps, maxLng: lng + dLng + eps };
}
