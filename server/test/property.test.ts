import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeControlChars, stripControlChars } from '@yaojia/shared';
import { normalizeText, parseQuery, parseStrengths, pinyinOf } from '@yaojia/shared/search';
import { classifyDrugCode, splitCodes } from '@yaojia/shared/domain/drug-codes';
import { parseFile } from '../src/ingest/index.js';
import * as values from '../src/ingest/values.js';
import { decodeCsvBytes } from '../src/ingest/read.js';
import { buildTestApp, type TestApp } from './helper.js';

// Issue 13: property tests. No input makes the parsers, the normaliser or a query-string schema throw
// anything but a validation answer, and no request is answered 500. Seeds are fixed per run by
// fast-check's default (printed on failure, so a failure can be replayed).

/** text a hostile caller or a clumsy spreadsheet might send: unicode, controls, numbers, separators */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', 'Infinity', '-Infinity', 'NaN', '1e309', '-0', '0x1F', '9'.repeat(40), '１２．５元', '￥12.5', '=1+1', '@SUM(A1)', '\u0000', '\u202e', '%', '%zz', '\\', '"', "'", '[]', '{}', '__proto__', 'constructor', '苯磺酸氨氯地平片 5mg×28片'),
  fc.double().map(String),
  fc.integer().map(String),
);

describe('value parsers and the normaliser: any text in, an answer out', () => {
  it('every cell parser returns ok or expected, never throws; a price is whole fen, finite and positive', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        for (const parse of [values.parseCode, values.parseText, values.parseName, values.parsePrice, values.parseConversionRatio, values.parseBool,
          values.parseInstitutionType, values.parseCommitment, values.parseDate, values.parseTimestamp, values.parseStock] as Array<(x: string) => values.Parsed<unknown>>) {
          const r = parse(s);
          expect(typeof r.ok).toBe('boolean');
        }
        const p = values.parsePrice(s);
        if (p.ok) expect(Number.isSafeInteger(p.value) && p.value > 0).toBe(true);
        for (const axis of ['lat', 'lng'] as const) {
          const c = values.parseCoordinate(s, axis);
          if (c.ok) expect(Number.isFinite(c.value)).toBe(true);
        }
        values.parseCityDistrict(s);
      }),
      { numRuns: 500 },
    );
  });

  it('normalising and parsing a query never throws, and normalising twice changes nothing', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        const n = normalizeText(s);
        expect(normalizeText(n)).toBe(n);
        parseQuery(s);
        parseStrengths(s);
        pinyinOf(s);
        classifyDrugCode(s);
        splitCodes(s);
        expect(stripControlChars(s)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        expect(escapeControlChars(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 500 },
    );
  });

  it('decoding any bytes as a CSV upload gives text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(typeof decodeCsvBytes(Buffer.from(b))).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('the bureau file parser: any CSV in, rows or errors naming the file out', () => {
  const cell = fc.oneof(nasty, fc.constantFrom('药品统一编码', '产品名称', '中选价(元)', '转换比', '机构医保编码', '销售价', 'XC08CAA040A001010100001', '4.62', '28'));
  const csv = fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }).map((rows) => rows.map((r) => r.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n'));
  let dir: string;
  beforeAll(async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    dir = mkdtempSync(join(tmpdir(), 'yaojia-prop-'));
  });
  afterAll(async () => {
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['catalog', 'institutions', 'prices', 'listed'] as const) {
    it(`${kind}: never throws; every error names the file`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(csv, fc.string({ unit: 'binary', maxLength: 300 })), async (text) => {
          const file = join(dir, `${kind}.csv`);
          writeFileSync(file, text);
          const r = await parseFile(file, kind, { lookups: { region: 'shanxi', institutionCodes: new Set(['P14010500001']), productCodes: new Set(['XC08CAA040A001010100001']) } });
          for (const e of r.errors) expect(e.file).toBe(`${kind}.csv`);
          expect(r.errors.length > 0 || r.rows.length >= 0).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('every GET route: any query string is answered, never 500', () => {
  let t: TestApp;
  let routes: Array<{ path: string; query: string[]; params: string[] }>;
  beforeAll(async () => {
    t = await buildTestApp();
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, { get?: { parameters?: Array<{ in: string; name: string }> } }>;
    }>();
    routes = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get)
      .map(([path, ops]) => ({
        path,
        query: (ops.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        params: (ops.get!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the OpenAPI document lists the query-string routes', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.find((r) => r.path === '/api/v1/offers/')?.query ?? routes.map((r) => r.path)).toContain('radiusKm');
  });

  it('random values for each route’s own parameters (and unknown ones): 2xx, 3xx or 4xx', async () => {
    const value = fc.oneof(nasty, fc.constantFrom('1', '10', '37.87', '112.55', 'shanxi', 'price', 'distance', 'true', '苯磺酸氨氯地平片', 'XC08CAA040A001010100001'));
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...route.query, 'x', 'limit', 'offset'), fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxKeys: 6 }),
          fc.array(value, { minLength: route.params.length, maxLength: route.params.length }),
          async (query, params) => {
            let path = route.path;
            route.params.forEach((p, i) => (path = path.replace(`{${p}}`, encodeURIComponent(params[i] || '1'))));
            const qs = new URLSearchParams();
            for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) qs.append(k, one);
            const res = await t.app.inject({ method: 'GET', url: `${path}?${qs}` });
            expect(res.statusCode, `${path}?${qs} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          },
        ),
        { numRuns: 25 },
      );
    }
  });

  it('random JSON bodies to every POST and PATCH route: never 500', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) => (['post', 'patch'] as const).filter((m) => ops[m]).map((m) => ({ path, method: m.toUpperCase() as 'POST' | 'PATCH' })));
    expect(writes.length).toBeGreaterThan(3);
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ institutionId: fc.oneof(fc.integer(), fc.double(), fc.string()), kind: fc.oneof(fc.constantFrom('price_mismatch', 'other', 'out_of_stock'), fc.string()), note: nasty, items: fc.array(fc.jsonValue(), { maxLength: 3 }), lat: fc.double(), lng: fc.double() }, { requiredKeys: [] }),
    );
    for (const w of writes) {
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom('application/json', 'text/plain', 'text/csv'), async (b, type) => {
          const url = w.path.replace(/\{[^}]+\}/g, '1');
          const res = await t.app.inject({ method: w.method, url, headers: { 'content-type': type }, payload: JSON.stringify(b) ?? '' });
          expect(res.statusCode, `${w.method} ${url} ${JSON.stringify(b)?.slice(0, 200)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        }),
        { numRuns: 25 },
      );
    }
  });
});
