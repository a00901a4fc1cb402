import { expect, it } from 'vitest';
import { myOfferPatchProblem } from '../src/index.js';

it('a pharmacy edit needs prices above zero and a stock state that agrees with its count', () => {
  expect(myOfferPatchProblem({ sellingPrice: '12.50' })).toBeNull();
  expect(myOfferPatchProblem({ sellingPrice: '0' })).toMatch(/sellingPrice must be a price greater than 0/);
  expect(myOfferPatchProblem({ onlinePrice: '0.00' })).toMatch(/onlinePrice/);
  expect(myOfferPatchProblem({ onlinePrice: null })).toBeNull(); // no longer sold online
  expect(myOfferPatchProblem({ stockState: 'out_of_stock', stockCount: 12 })).toMatch(/contradicts/);
  expect(myOfferPatchProblem({ stockState: 'in_stock', stockCount: 0 })).toMatch(/contradicts/);
  expect(myOfferPatchProblem({ stockState: 'out_of_stock', stockCount: 0 })).toBeNull();
  expect(myOfferPatchProblem({ stockState: 'low', stockCount: null })).toBeNull();
});
