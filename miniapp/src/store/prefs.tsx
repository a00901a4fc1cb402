import Taro from '@tarojs/taro';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { RegionInfo } from '@yaojia/shared';
import { pushRecent } from '../lib/recent';
import { roundCoords, toGcj02, type Coords, type LocationState } from '../lib/location';
import { nearestRegion } from '../lib/regions';
import { KEYS, load, save } from './storage';

export interface SavedReport {
  reference: string;
  createdAt: string;
  institutionName: string;
  kindLabel: string;
}

export interface Prefs {
  elderMode: boolean;
  region: string | null;
  location: LocationState;
  recent: string[];
  reports: SavedReport[];
}

export interface PrefsApi extends Prefs {
  setElderMode(on: boolean): void;
  setRegion(slug: string): void;
  /** asks the platform once; resolves to the new state */
  requestLocation(regions: readonly RegionInfo[]): Promise<LocationState>;
  chooseCity(region: RegionInfo, district: string | null): void;
  addRecent(term: string): void;
  clearRecent(): void;
  addReport(r: SavedReport): void;
  /** coordinates to send (already rounded), or null */
  coords: Coords | null;
}

const PrefsContext = createContext<PrefsApi | null>(null);

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = useState<Prefs>(() => ({
    elderMode: load<boolean>(KEYS.elderMode, false),
    region: load<string | null>(KEYS.region, null),
    location: load<LocationState>(KEYS.location, { status: 'unknown' }),
    recent: load<string[]>(KEYS.recent, []),
    reports: load<SavedReport[]>(KEYS.reports, []),
  }));

  const update = useCallback(<K extends keyof Prefs>(key: K, storageKey: string, value: Prefs[K]) => {
    save(storageKey, value);
    setPrefs((p) => ({ ...p, [key]: value }));
  }, []);

  const requestLocation = useCallback(
    async (regions: readonly RegionInfo[]): Promise<LocationState> => {
      try {
        // weapp: GCJ-02 as the map and the data use; Taro's H5 getLocation only speaks WGS-84,
        // so H5 converts on the device (the offset in China is a few hundred metres)
        const res = await Taro.getLocation({ type: process.env.TARO_ENV === 'h5' ? 'wgs84' : 'gcj02' });
        // rounded before it is kept or sent: about 100 m
        const coords = roundCoords(toGcj02({ lat: res.latitude, lng: res.longitude }, process.env.TARO_ENV === 'h5' ? 'wgs84' : 'gcj02'));
        const state: LocationState = { status: 'granted', coords };
        update('location', KEYS.location, state);
        const near = nearestRegion(regions, coords);
        if (near) update('region', KEYS.region, near.slug);
        return state;
      } catch {
        const state: LocationState = { status: 'denied' };
        update('location', KEYS.location, state);
        return state;
      }
    },
    [update],
  );

  const value = useMemo<PrefsApi>(() => {
    const coords = prefs.location.status === 'granted' || prefs.location.status === 'manual' ? prefs.location.coords : null;
    return {
      ...prefs,
      coords,
      setElderMode: (on) => update('elderMode', KEYS.elderMode, on),
      setRegion: (slug) => update('region', KEYS.region, slug),
      requestLocation,
      chooseCity: (region, district) => {
        update('region', KEYS.region, region.slug);
        update('location', KEYS.location, {
          status: 'manual',
          city: region.center.city,
          district,
          coords: roundCoords({ lat: region.center.lat, lng: region.center.lng }),
        });
      },
      addRecent: (term) => update('recent', KEYS.recent, pushRecent(prefs.recent, term)),
      clearRecent: () => update('recent', KEYS.recent, []),
      addReport: (r) => update('reports', KEYS.reports, [r, ...prefs.reports].slice(0, 50)),
    };
  }, [prefs, update, requestLocation]);

  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): PrefsApi {
  const ctx = useContext(PrefsContext);
  if (!ctx) throw new Error('usePrefs outside PrefsProvider');
  return ctx;
}
