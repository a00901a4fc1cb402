import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface TilePin {
  id: number;
  lat: number;
  lng: number;
  /** the price shown on the pin */
  text: string;
  /** what a screen reader and a hover say */
  title: string;
  color: string;
  background: string;
}

export interface TileMapHandle {
  setPins(pins: TilePin[], selected: number | null): void;
  destroy(): void;
}

/**
 * A Leaflet map in `el`, tiles from `tiles` (a {z}/{x}/{y} template). Pins are HTML labels (the price, in the
 * markup colours), so no marker image has to be served; a tap on a pin calls `onSelect` with its id.
 */
export function mountTileMap(el: HTMLElement, tiles: string, center: { lat: number; lng: number }, onSelect: (id: number) => void): TileMapHandle {
  const map = L.map(el, { center: [center.lat, center.lng], zoom: 13, attributionControl: false });
  L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
  const layer = L.layerGroup().addTo(map);
  let fitted = false;
  return {
    setPins(pins, selected) {
      layer.clearLayers();
      for (const p of pins) {
        const html = document.createElement('span');
        html.className = `tile-pin${p.id === selected ? ' tile-pin--selected' : ''}`;
        html.textContent = p.text;
        html.style.color = p.color;
        html.style.background = p.background;
        html.style.borderColor = p.color;
        html.dataset.testid = 'map-pin';
        html.dataset.institution = String(p.id);
        const icon = L.divIcon({ className: 'tile-pin__box', html, iconSize: undefined, iconAnchor: [0, 0] });
        L.marker([p.lat, p.lng], { icon, title: p.title, alt: p.title, keyboard: true, zIndexOffset: p.id === selected ? 1000 : 0 })
          .on('click', () => onSelect(p.id))
          .addTo(layer);
      }
      if (!fitted && pins.length > 0) {
        fitted = true;
        // the nearest few (pins come nearest first), so the pins around the user are apart, not one heap
        const near = pins.slice(0, 6).map((p) => [p.lat, p.lng] as [number, number]);
        map.fitBounds(L.latLngBounds(near).pad(0.2), { maxZoom: 16 });
      }
    },
    destroy() {
      map.remove();
    },
  };
}
