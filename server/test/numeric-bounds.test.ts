import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { issueToken } from '../src/repositories/tokens.js';
import { noSearch, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Finding 3: Ajv coerces "Infinity" (or "1e400") from a query string to Infinity and then skips minimum and
// maximum, which only run on finite numbers: `limit=Infinity` returned 6.5 MB. Every numeric parameter of
// every route — read from the OpenAPI document, so a route added later is covered too — must refuse
// non-finite and out-of-range numbers with a 400 that names the parameter.

/** a valid value for every non-numeric parameter a route requires; a new required parameter fails loudly here */
const BASELINE: Record<string, string> = {
  q: '氨氯地平',
  generic: '苯磺酸氨氯地平片',
  code: 'XA01',
  region: 'shanxi',
  period: '2026Q3',
  kind: 'other',
  file: 'prices.csv.gz',
  codes: 'XA01,XA02',
  reference: 'JB260101ABCDEFGHJK',
};
/** JSON bodies: the query baselines plus the properties only bodies have (the basket quote's) */
const BODY_BASELINE: Record<string, unknown> = { ...BASELINE, lat: 37.87, lng: 112.55, radiusKm: 10, items: [{ code: 'XA01', packs: 1 }] };
/** where one route's body takes another value under a shared name (an alert's kind is not a report's) */
const BODY_BASELINE_BY_PATH: Record<string, Record<string, unknown>> = { '/api/v1/alerts/subscriptions': { kind: 'restock' } };

interface OpenApiParam {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: { type?: string; maximum?: number; minimum?: number; exclusiveMinimum?: number };
}
interface OpenApiOp {
  parameters?: OpenApiParam[];
  requestBody?: { content: Record<string, { schema: { type?: string; required?: string[]; properties?: Record<string, { type?: string; anyOf?: { type?: string }[] }> } }> };
}

let t: TempDb;
let app: App;
let token: string;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  const institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
  token = (await issueToken(t.db, { role: 'institution', institutionId, days: 30, actor: 'test' })).token;
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t.db, search: noSearch });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const isNumeric = (s: { type?: string; anyOf?: { type?: string }[] }) =>
  s.type === 'integer' || s.type === 'number' || Boolean(s.anyOf?.some((x) => x.type === 'integer' || x.type === 'number'));

function operations() {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, OpenApiOp>> };
  const ops: { method: string; path: string; op: OpenApiOp }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) ops.push({ method: method.toUpperCase(), path, op });
  return ops;
}

function fill(path: string, params: OpenApiParam[], override: { name: string; value: string }) {
  const query = new URLSearchParams();
  let url = path;
  for (const p of params) {
    const value = p.name === override.name ? override.value : isNumeric(p.schema) ? String(p.schema.minimum ?? 1) : BASELINE[p.name];
    if (p.in === 'path') {
      if (value === undefined) throw new Error(`${path}: add a baseline value for path parameter "${p.name}"`);
      url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    } else if (p.in === 'query' && (p.required || p.name === override.name)) {
      if (value === undefined) throw new Error(`${path}: add a baseline value for required query parameter "${p.name}"`);
      query.set(p.name, value);
    }
  }
  const qs = query.toString();
  return qs ? `${url}?${qs}` : url;
}

const HOSTILE = ['Infinity', '-Infinity', '1e400', '-1e400', 'NaN', '1e308', '-1e308'];

it('every numeric query and path parameter of every route refuses non-finite and out-of-range values with 400', async () => {
  const checked: string[] = [];
  for (const { method, path, op } of operations()) {
    for (const p of op.parameters ?? []) {
      if (p.in === 'header' || !isNumeric(p.schema)) continue;
      expect(p.schema.maximum, `${method} ${path} ${p.name} has no maximum`).toBeTypeOf('number');
      for (const value of HOSTILE) {
        const url = fill(path, op.parameters ?? [], { name: p.name, value });
        const r = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` } });
        expect(r.statusCode, `${method} ${url} → ${r.body.slice(0, 200)}`).toBe(400);
        expect(r.json().message, `${method} ${url}`).toContain(p.name);
      }
      checked.push(`${method} ${path} ${p.name}`);
    }
  }
  // the parameters the finding named are among them
  expect(checked).toEqual(expect.arrayContaining(['GET /api/v1/offers/ limit', 'GET /api/v1/offers/ radiusKm', 'GET /api/v1/drugs/search limit', 'GET /api/v1/institutions/{id} id']));
});

it('every numeric property of a JSON body refuses 1e400 (JSON.parse makes it Infinity) with 400', async () => {
  const checked: string[] = [];
  for (const { method, path, op } of operations()) {
    const schema = op.requestBody?.content['application/json']?.schema;
    for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
      if (!isNumeric(prop)) continue;
      const url = fill(path, op.parameters ?? [], { name: '', value: '' });
      // the other required properties valid, so only this number can be the reason for a 400
      const others = (schema?.required ?? []).filter((r) => r !== name).map((r) => {
        const v = BODY_BASELINE_BY_PATH[path]?.[r] ?? BODY_BASELINE[r];
        if (v === undefined) throw new Error(`${path}: add a baseline value for required body property "${r}"`);
        return `${JSON.stringify(r)}: ${JSON.stringify(v)}`;
      });
      for (const value of ['1e400', '-1e400']) {
        const r = await app.inject({
          method: method as 'POST',
          url,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: `{${[...others, `"${name}": ${value}`].join(', ')}}`,
        });
        expect(r.statusCode, `${method} ${url} ${name}=${value} → ${r.body.slice(0, 200)}`).toBe(400);
        expect(r.json().message, `${method} ${url}`).toContain(name);
      }
      checked.push(`${method} ${path} ${name}`);
    }
  }
  expect(checked).toEqual(expect.arrayContaining(['POST /api/v1/reports/ institutionId', 'POST /api/v1/basket/quote radiusKm']));
});
