import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type Candidate, inBox, toCandidateSet } from '../src/repositories/offers.js';

// The cached candidate sets are columns sorted by latitude, read by binary search (repositories/offers.ts).
// Whatever the rows and the box, inBox returns exactly the rows a SQL BETWEEN on lat and lng would, each
// with its own values.
const lat = fc.double({ min: 18, max: 54, noNaN: true });
const lng = fc.double({ min: 73, max: 135, noNaN: true });
// 中选价 and 转换比 belong to the product (a set keeps them once per product): a few products, each with its own
const product = fc.record({
  productId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  conversionRatio: fc.constantFrom(1, 7, 14, 28, 0.5, 100),
  winningPriceFen: fc.integer({ min: 1, max: 10_000_000 }),
});
const offer = fc.record({
  id: fc.integer({ min: 1, max: 2 ** 40 }),
  institutionId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  sellingPriceFen: fc.integer({ min: 1, max: 10_000_000 }),
  stockState: fc.constantFrom('in_stock', 'low', 'out_of_stock', 'unknown'),
  lat,
  lng,
  product: fc.nat(),
});
const rowsOf = fc
  .tuple(fc.uniqueArray(product, { minLength: 1, maxLength: 4, selector: (p) => p.productId }), fc.array(offer, { maxLength: 300 }))
  .map(([products, offers]) => offers.map(({ product: k, ...o }) => ({ ...o, ...products[k % products.length]! })));

it('inBox returns the rows inside the box (bounds included), values intact', () => {
  fc.assert(
    fc.property(rowsOf, lat, lat, lng, lng, fc.boolean(), (rows, a, b, c, d, onEdge) => {
      // some boxes sit exactly on a row's coordinates, to check the bounds are included
      const edge = onEdge && rows.length ? rows[0]! : null;
      const box = edge
        ? { minLat: edge.lat, maxLat: edge.lat, minLng: edge.lng, maxLng: edge.lng }
        : { minLat: Math.min(a, b), maxLat: Math.max(a, b), minLng: Math.min(c, d), maxLng: Math.max(c, d) };
      const expected = rows.filter((r) => r.lat >= box.minLat && r.lat <= box.maxLat && r.lng >= box.minLng && r.lng <= box.maxLng);
      const got = inBox(toCandidateSet(rows as Candidate[]), box);
      const key = (r: Candidate) => `${r.id}/${r.institutionId}/${r.productId}/${r.lat}/${r.lng}/${r.stockState}/${r.sellingPriceFen}/${r.conversionRatio}/${r.winningPriceFen}`;
      expect(got.map(key).sort()).toEqual(expected.map(key).sort());
      if (edge) expect(got.length).toBeGreaterThan(0);
    }),
    { numRuns: 300 },
  );
});
