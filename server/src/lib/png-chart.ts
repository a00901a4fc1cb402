import { PNG } from 'pngjs';

/**
 * A tiny RGB raster, encoded by pngjs, enough to draw an honest bar chart for the statistics workbook:
 * exceljs embeds images but cannot draw charts (a chart library that renders server-side needs a canvas
 * build with native dependencies; these bars and ticks are 100 lines). Text is limited to the
 * glyphs below (digits, Q, %, -, ., space); Chinese captions go in the workbook's cells beside it.
 */
export type Rgb = readonly [number, number, number];

const FONT: Record<string, string[]> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  Q: ['111', '101', '101', '110', '011'],
  '%': ['101', '001', '010', '100', '101'],
  '-': ['000', '000', '111', '000', '000'],
  '.': ['000', '000', '000', '000', '010'],
  ' ': ['000', '000', '000', '000', '000'],
};

export class Raster {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    this.data = Buffer.alloc(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const o = (yy * this.width + xx) * 3;
        this.data[o] = c[0];
        this.data[o + 1] = c[1];
        this.data[o + 2] = c[2];
      }
    }
  }

  /** A horizontal dashed line. */
  dashedLine(x: number, y: number, w: number, c: Rgb, thickness = 2): void {
    for (let xx = x; xx < x + w; xx += 10) this.fillRect(xx, y, Math.min(6, x + w - xx), thickness, c);
  }

  textWidth(s: string, scale: number): number {
    return s.length * 4 * scale - scale;
  }

  text(s: string, x: number, y: number, c: Rgb, scale = 2): void {
    let cx = x;
    for (const ch of s) {
      const g = FONT[ch] ?? FONT[' ']!;
      g.forEach((row, ry) => {
        [...row].forEach((bit, rx) => {
          if (bit === '1') this.fillRect(cx + rx * scale, y + ry * scale, scale, scale, c);
        });
      });
      cx += 4 * scale;
    }
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
    png.data = this.data;
    return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
  }
}

export interface Bar {
  label: string;
  /** 0..1, or null = no data (drawn as an empty slot) */
  value: number | null;
}

/**
 * Bars of a share (0–100 %) per period, with dashed target lines (e.g. 江西 80 % / 90 %).
 * Axis ticks at 0, 20 … 100 %. Green bar = at or above every target line drawn at its period; amber otherwise.
 */
export function coverageChart(bars: Bar[], targets: Array<{ share: number; label: string; fromIndex: number }>, size = { width: 720, height: 360 }): Buffer {
  const r = new Raster(size.width, size.height);
  const left = 56;
  const right = 16;
  const top = 20;
  const bottom = 40;
  const plotW = size.width - left - right;
  const plotH = size.height - top - bottom;
  const y = (v: number) => top + plotH * (1 - v);
  const grey: Rgb = [200, 200, 200];
  const ink: Rgb = [40, 40, 40];
  for (let t = 0; t <= 100; t += 20) {
    r.fillRect(left, y(t / 100), plotW, 1, grey);
    const s = `${t}%`;
    r.text(s, left - 8 - r.textWidth(s, 2), y(t / 100) - 5, ink, 2);
  }
  r.fillRect(left, top, 1, plotH, ink);
  r.fillRect(left, y(0), plotW, 1, ink);
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.min(48, slot * 0.6);
  bars.forEach((b, i) => {
    const cx = left + slot * i + slot / 2;
    const due = targets.filter((t) => i >= t.fromIndex).reduce((m, t) => Math.max(m, t.share), 0);
    if (b.value !== null) {
      const v = Math.max(0, Math.min(1, b.value));
      r.fillRect(cx - barW / 2, y(v), barW, y(0) - y(v), v >= due ? [46, 160, 67] : [230, 160, 30]);
      const s = `${Math.round(b.value * 100)}%`;
      r.text(s, cx - r.textWidth(s, 2) / 2, y(v) - 14, ink, 2);
    }
    r.text(b.label, cx - r.textWidth(b.label, 2) / 2, y(0) + 10, ink, 2);
  });
  for (const t of targets) {
    const x0 = left + slot * t.fromIndex;
    r.dashedLine(x0, y(t.share) - 1, left + plotW - x0, [200, 30, 30]);
    r.text(t.label, left + plotW - r.textWidth(t.label, 2) - 2, y(t.share) - 14, [200, 30, 30], 2);
  }
  return r.toPng();
}
