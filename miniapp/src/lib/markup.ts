import type { MarkupStatus } from '@yaojia/shared';

export interface MarkupTone {
  /** words shown on the card, never colour alone */
  words: string;
  /** text colour, ≥ 4.5:1 on `background` (checked in test/markup.test.ts) */
  color: string;
  background: string;
}

/** Colours and words for the 双标签 comparison of 销售价 and 中选价. */
export const MARKUP_TONES: Record<MarkupStatus, MarkupTone> = {
  equal: { words: '等于中选价', color: '#13622f', background: '#e7f5ec' },
  below: { words: '低于中选价', color: '#0a4f8f', background: '#e6f0fa' },
  within_rule: { words: '高于中选价，符合本地规则', color: '#7a4500', background: '#fdf3e1' },
  above_rule: { words: '高于本地规则允许的价格', color: '#a3190f', background: '#fdeceb' },
};

export function markupTone(status: MarkupStatus): MarkupTone {
  return MARKUP_TONES[status];
}

/** WCAG 2.x relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h as string, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
