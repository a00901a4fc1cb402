import type { AlertKind } from '@yaojia/shared';

/** The Taro-free parts of lib/alerts.ts (unit-tested without a mini-program runtime). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 32 characters of base64url from 24 random bytes (192 bits). */
export function newDeviceId(random: (n: number) => Uint8Array): string {
  const bytes = random(24);
  let out = '';
  for (let i = 0; i < 24; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  return out;
}

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** What the citizen is told after subscribing. */
export function subscribedText(kind: AlertKind, area: string, belowPrice: string | null, substitute = false): string {
  const which = substitute ? '（同成分同规格的其他厂家也算，按本品每盒折算）' : '';
  if (kind === 'price_drop') return `已订阅降价提醒：${area}有低于 ¥${belowPrice ?? '—'} 的价格时提醒您${which}`;
  return `已订阅到货提醒：${area}有机构报告有货时提醒您${which}`;
}
