// A value import from '@yaojia/shared' would bundle its whole index (TypeBox, pinyin-pro), so the
// import-free geo module is taken by its subpath; shared/test/geo.test.ts checks it against published vectors.
import { wgs84ToGcj02 } from '@yaojia/shared/domain/geo';

/**
 * A citizen's position never leaves the device more precisely than about 100 m:
 * 3 decimals of a degree is ≈ 111 m of latitude (issue 4, "rounded to about 100 m").
 */
export function roundCoord(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface Coords {
  lat: number;
  lng: number;
}

export function roundCoords(c: Coords): Coords {
  return { lat: roundCoord(c.lat), lng: roundCoord(c.lng) };
}

/** Whether the value looks like a usable position (not 0,0 and in range). */
export function isValidCoords(c: Partial<Coords> | null | undefined): c is Coords {
  return (
    c != null &&
    typeof c.lat === 'number' &&
    typeof c.lng === 'number' &&
    Math.abs(c.lat) <= 90 &&
    Math.abs(c.lng) <= 180 &&
    !(c.lat === 0 && c.lng === 0)
  );
}

/** Where the user is, as the app knows it: asked once, then remembered. */
export type LocationState =
  | { status: 'unknown' }
  | { status: 'granted'; coords: Coords }
  | { status: 'denied' }
  | { status: 'manual'; city: string; district: string | null; coords: Coords };

export function describeLocation(state: LocationState, regionName: string | null): string {
  switch (state.status) {
    case 'granted':
      return `已定位（约 100 米精度）${regionName ? ` · ${regionName}` : ''}`;
    case 'manual':
      return `手动选择：${state.city}${state.district ? ` ${state.district}` : ''}`;
    case 'denied':
      return '未授权定位，请选择城市';
    default:
      return '尚未定位';
  }
}

/** The API and the data are GCJ-02 (what WeChat returns); a WGS-84 fix (browser, Taro H5) is converted first. */
export function toGcj02(c: Coords, datum: 'wgs84' | 'gcj02'): Coords {
  return datum === 'wgs84' ? wgs84ToGcj02(c) : c;
}
