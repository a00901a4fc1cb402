/**
 * WGS-84 → GCJ-02, the published transform (the one eviltransform and WeChat's own conversion use).
 * Browsers and Taro's H5 getLocation give WGS-84; the API, the demo data and WeChat's gcj02 location
 * are GCJ-02. Inside China the two differ by a few hundred metres; outside the rough China box the
 * transform is the identity. Pure and import-free, so the mini-program can bundle it on its own (@yaojia/shared/domain/geo).
 * Distances and the region rule below are the API's and the mini-program's alike.
 */

export interface LatLng {
  lat: number;
  lng: number;
}

/** Krasovsky 1940 ellipsoid, as the transform defines it */
const A = 6378245.0;
const EE = 0.00669342162296594323;

/** The transform's own bounding box (not the border): outside it, GCJ-02 equals WGS-84. */
export function outOfChina(p: LatLng): boolean {
  return p.lng < 72.004 || p.lng > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320.0 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outOfChina(p)) return { lat: p.lat, lng: p.lng };
  let dLat = transformLat(p.lng - 105.0, p.lat - 35.0);
  let dLng = transformLng(p.lng - 105.0, p.lat - 35.0);
  const radLat = (p.lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

const EARTH_KM = 6371.0088;
const TO_RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). GCJ-02 offsets are the same for nearby points, so distances hold. */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  return distanceFromKm(lat1, cosOfLat(lat1), lng1, lat2, lng2);
}

/** cos of a latitude, as distanceFromKm takes it */
export const cosOfLat = (lat: number): number => Math.cos(lat * TO_RAD);

/**
 * distanceKm with the first point's cosine worked out by the caller (cosOfLat), for many distances from
 * one point: the same arithmetic, so the same result to the last bit.
 */
export function distanceFromKm(lat1: number, cosLat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * TO_RAD;
  const dLng = (lng2 - lng1) * TO_RAD;
  const a = Math.sin(dLat / 2) ** 2 + cosLat1 * Math.cos(lat2 * TO_RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The smallest lat/lng box that contains the circle of radiusKm around a point, on the same sphere as
 * distanceKm (R = 6371.0088 km): ±r/R of latitude, and ±asin(sin(r/R)/cos φ) of longitude (the circle's
 * widest point lies poleward of its centre). A box on 111.32 km a degree was ~0.1 % too small, so an
 * institution just inside the radius due north or south could be left out.
 */
export function boundingBox(lat: number, lng: number, radiusKm: number) {
  const toDeg = 180 / Math.PI;
  const angular = radiusKm / EARTH_KM;
  const dLat = angular * toDeg;
  const ratio = Math.sin(angular) / Math.max(1e-9, Math.cos((lat * Math.PI) / 180));
  const dLng = ratio >= 1 ? 180 : Math.asin(ratio) * toDeg;
  // a hair of slack for floating-point rounding at the edge: the distance check that follows is the exact one
  const eps = 1e-9;
  return { minLat: lat - dLat - eps, maxLat: lat + dLat + eps, minLng: lng - dLng - eps, maxLng: lng + dLng + eps };
}

/**
 * The region a point is in, for choosing one when none is named: the one whose centre is nearest, if within
 * `maxKm` (a province is wide; a city less so), else null. The API and the mini-program use this one rule.
 */
export function nearestRegion<R extends { center: LatLng }>(regions: readonly R[], at: LatLng, maxKm = 400): R | null {
  let best: R | null = null;
  let bestKm = Infinity;
  for (const r of regions) {
    const d = distanceKm(at.lat, at.lng, r.center.lat, r.center.lng);
    if (d < bestKm) {
      best = r;
      bestKm = d;
    }
  }
  return best && bestKm <= maxKm ? best : null;
}
