import { describe, expect, it } from 'vitest';
import { formatUnitPrice, formatYuan, parseYuan, toHalfWidth, unitPriceFen } from '../src/index.js';

describe('money in fen', () => {
  it.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12.50元', 1250],
    ['￥12.5', 1250],
    ['¥ 1,234.56', 123456],
    ['１２．５０', 1250],
    ['0.035', 4], // half up on 厘
    ['0.034', 3],
    [' 7 ', 700],
  ])('parses bureau price %j as %i fen', (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it('parses numbers from spreadsheet cells without float drift', () => {
    expect(parseYuan(12.499999999999998)).toBe(1250);
    expect(parseYuan(0.1 + 0.2)).toBe(30);
  });

  it.each(['', '免费', '12.5.1', '-3', 'abc元'])('rejects %j', (input) => {
    expect(parseYuan(input)).toBeNull();
  });

  it('formats yuan with two decimals', () => {
    expect(formatYuan(1250)).toBe('12.50');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
  });

  it('converts full-width text', () => {
    expect(toHalfWidth('５ｍｇ×２８片\u3000')).toBe('5mg×28片 ');
  });
});

describe('unit price via 转换比', () => {
  it('divides the pack price by the number of smallest units', () => {
    // 28 片 for 3.64 元 → 0.13 元/片
    expect(unitPriceFen(364, 28)).toBeCloseTo(13);
    expect(formatUnitPrice(364, 28)).toBe('0.13');
  });
  it('keeps the pack price when 转换比 is missing or zero', () => {
    expect(unitPriceFen(500, 0)).toBe(500);
  });
});
