import { describe, expect, it } from 'vitest';
import type { MarkupStatus } from '@yaojia/shared';
import { contrastRatio, MARKUP_TONES, markupTone } from '../src/lib/markup';

const statuses: MarkupStatus[] = ['equal', 'below', 'within_rule', 'above_rule'];

describe('markup tones', () => {
  it.each(statuses)('%s has words and text contrast ≥ 4.5:1 on its background and on white', (s) => {
    const t = markupTone(s);
    expect(t.words.length).toBeGreaterThan(0);
    expect(contrastRatio(t.color, t.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(t.color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('never uses the same colour for two verdicts', () => {
    const colours = new Set(Object.values(MARKUP_TONES).map((t) => t.color));
    expect(colours.size).toBe(statuses.length);
  });

  it('app palette (tokens.scss) meets 4.5:1 too', () => {
    expect(contrastRatio('#4f5b66', '#ffffff')).toBeGreaterThanOrEqual(4.5); // $muted on card
    expect(contrastRatio('#4f5b66', '#f4f6f8')).toBeGreaterThanOrEqual(4.5); // $muted on page
    expect(contrastRatio('#0b5cad', '#ffffff')).toBeGreaterThanOrEqual(4.5); // $primary
    expect(contrastRatio('#ffffff', '#0b5cad')).toBeGreaterThanOrEqual(4.5); // white on primary
    expect(contrastRatio('#e6f0fa', '#0b5cad')).toBeGreaterThanOrEqual(4.5); // summary labels
    expect(contrastRatio('#7a3d00', '#fff4e0')).toBeGreaterThanOrEqual(4.5); // badge
    expect(contrastRatio('#a3190f', '#ffffff')).toBeGreaterThanOrEqual(4.5); // danger
  });

  it('computes the WCAG extremes', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBeCloseTo(1, 5);
  });
});
