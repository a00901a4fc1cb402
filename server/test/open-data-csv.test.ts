import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvField } from '../src/open-data/export.js';

/**
 * The open-data CSV cells are written by csvField (issue 17 §2: csv-stringify's per-record work was about a
 * third of a 2 M-row export); the files must stay byte for byte what csv-stringify wrote with the export's
 * options, formula escaping included (a name starting with = + - @ must not run in a spreadsheet).
 */
const CSV_STRINGIFY = { escape_formulas: true, cast: { boolean: (b: boolean) => (b ? 'true' : 'false') } };

describe('open data CSV cells', () => {
  const values: Array<string | number | boolean | null> = [
    null, '', 'plain', '苯磺酸氨氯地平片', '老百姓大药房（太原长风街店）', 'a,b', 'say "hi"', '"', 'line\nbreak', 'cr\rhere', 'crlf\r\nx',
    '=SUM(A1)', '+1', '-1', '@cmd', '\tTab', '\rCR', '＝1', '＋1', '－1', '＠x', "'quoted", '=a,"b"', ' lead space', 'trail ',
    0, 1, -1, -0.0512, 12.5, 1e21, 123456789, true, false,
  ];
  it.each(values.map((v) => [JSON.stringify(v), v]))('%s', (_label, v) => {
    expect(`${csvField(v)}\n`).toBe(stringify([[v]], CSV_STRINGIFY));
  });
});
