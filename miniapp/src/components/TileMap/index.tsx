import { View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { TileMapHandle, TilePin } from './leaflet-map';
import './index.scss';

export type { TilePin } from './leaflet-map';

export interface TileMapProps {
  tiles: string;
  center: { lat: number; lng: number };
  pins: TilePin[];
  selected: number | null;
  onSelect: (id: number) => void;
}

let seq = 0;

/**
 * The H5 map (issue 14): Leaflet, loaded on demand so it is not in the first page's bundle. The weapp
 * build never reaches it (the page uses the native <Map> there).
 */
export function TileMap({ tiles, center, pins, selected, onSelect }: TileMapProps) {
  const [id] = useState(() => `tile-map-${++seq}`);
  const handle = useRef<TileMapHandle | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    let gone = false;
    // a constant condition: webpack drops the import (and Leaflet) from the weapp build
    if (process.env.TARO_ENV === 'h5') {
      import('./leaflet-map').then(
        ({ mountTileMap }) => {
          const el = document.getElementById(id);
          if (gone || !el) return;
          handle.current = mountTileMap(el, tiles, center, (i) => onSelectRef.current(i));
          setReady(true);
        },
        () => setFailed(true),
      );
    }
    return () => {
      gone = true;
      handle.current?.destroy();
      handle.current = null;
    };
    // the map is made once per tile URL; pins and selection update it below
  }, [id, tiles]);

  useEffect(() => {
    if (ready) handle.current?.setPins(pins, selected);
  }, [ready, pins, selected]);

  if (failed) return null;
  return <View id={id} className='tile-map' data-testid='tile-map' />;
}
