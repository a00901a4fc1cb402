import Taro from '@tarojs/taro';
import { buildQuery } from '../api/url';

/** A map link for H5, where WeChat's openLocation is not available (Amap's public URI API). */
export function mapLink(p: { lat: number; lng: number; name: string; address?: string }): string {
  return `https://uri.amap.com/marker${buildQuery({ position: `${p.lng},${p.lat}`, name: p.name, src: 'yaojia', coordinate: 'gaode', callnative: 1 })}`;
}

/** Navigate there: WeChat's built-in map in weapp, a map link on H5. */
export function openMap(p: { lat: number; lng: number; name: string; address?: string }): void {
  if (process.env.TARO_ENV === 'weapp') {
    void Taro.openLocation({ latitude: p.lat, longitude: p.lng, name: p.name, address: p.address ?? '', scale: 16 });
  } else {
    window.open(mapLink(p), '_blank', 'noopener');
  }
}

export function call(phone: string): void {
  void Taro.makePhoneCall({ phoneNumber: phone.replace(/[^\d+-]/g, '') }).catch(() => undefined);
}
