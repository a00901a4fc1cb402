import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper.js';

/**
 * The contract as a third party meets it: fetch /docs/json from the running app, validate it with a
 * standard validator (@apidevtools/swagger-parser), generate TypeScript types (openapi-typescript), write
 * a small client with openapi-fetch against those types, type-check it with the TypeScript compiler, and
 * run it over HTTP against the app (real database with the 太原 fixtures, real Meilisearch) for search,
 * offers and an institution.
 */
let t: TestApp;
let baseUrl: string;
let doc: Record<string, unknown>;
// inside server/test so the generated client resolves openapi-fetch from this package; removed afterwards
const OUT = join(import.meta.dirname, '.generated-client');

/** What a consumer would write, with types from the generated file only. */
const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export async function tour(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  const search = await client.GET('/api/v1/drugs/search', { params: { query: { q: '氨氯地平', region: 'shanxi' } } });
  if (!search.data) throw new Error('search failed: ' + JSON.stringify(search.error));
  const group = search.data.items[0];
  if (!group) throw new Error('search found nothing');
  const genericName: string = group.genericName;
  const offers = await client.GET('/api/v1/offers/', {
    params: { query: { generic: genericName, region: 'shanxi', lat: 37.87, lng: 112.55, radiusKm: 50, sort: 'price' } },
  });
  if (!offers.data) throw new Error('offers failed: ' + JSON.stringify(offers.error));
  const cheapest = offers.data.items[0];
  if (!cheapest) throw new Error('no offers');
  const sellingPrice: string = cheapest.sellingPrice;
  const institution = await client.GET('/api/v1/institutions/{id}', { params: { path: { id: cheapest.institution.id } } });
  if (!institution.data) throw new Error('institution failed: ' + JSON.stringify(institution.error));
  const missing = await client.GET('/api/v1/institutions/{id}', { params: { path: { id: 999999 } } });
  const bad = await client.GET('/api/v1/offers/', { params: { query: { generic: genericName, lat: 91, lng: 112 } } });
  return {
    genericName,
    sellingPrice,
    institutionName: institution.data.name,
    institutionOffers: institution.data.offers.length,
    missingStatus: missing.response.status,
    missingMessage: missing.error?.message ?? null,
    badStatus: bad.response.status,
  };
}
`;

beforeAll(async () => {
  t = await buildTestApp();
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  doc = (await (await fetch(`${baseUrl}/docs/json`)).json()) as Record<string, unknown>;
});
afterAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  await t?.close();
});

describe('the OpenAPI contract', () => {
  it('/docs/json is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // the validator dereferences in place: give it a copy
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    const paths = Object.keys((api as { paths: Record<string, unknown> }).paths);
    for (const p of ['/api/v1/drugs/search', '/api/v1/offers/', '/api/v1/institutions/{id}', '/api/v1/open/datasets']) expect(paths).toContain(p);
  });

  it('a client generated from it type-checks and calls the running app for search, offers and an institution', async () => {
    const types = astToString(await openapiTS(doc as never));
    expect(types).toContain('"/api/v1/offers/"');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'api.d.ts'), types);
    writeFileSync(join(OUT, 'client.ts'), CLIENT);

    const program = ts.createProgram([join(OUT, 'client.ts')], {
      strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);

    const { tour } = (await import(join(OUT, 'client.ts'))) as { tour(baseUrl: string): Promise<Record<string, unknown>> };
    const r = await tour(baseUrl);
    expect(r.genericName).toBe('苯磺酸氨氯地平片');
    expect(r.sellingPrice).toMatch(/^\d+\.\d{2}$/);
    expect(r.institutionName).toEqual(expect.any(String));
    expect(r.institutionOffers).toBeGreaterThan(0);
    expect(r.missingStatus).toBe(404);
    expect(r.missingMessage).toContain('999999');
    expect(r.badStatus).toBe(400);
  });

  it('a client type error is caught: a wrong query parameter type does not compile', () => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'wrong.ts'), `import createClient from 'openapi-fetch';
import type { paths } from './api.js';
const client = createClient<paths>({ baseUrl: 'http://x' });
void client.GET('/api/v1/offers/', { params: { query: { generic: 'x', radiusKm: 'far' } } });
`);
    const program = ts.createProgram([join(OUT, 'wrong.ts')], {
      strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [],
    });
    expect(ts.getPreEmitDiagnostics(program).length).toBeGreaterThan(0);
  });
});
