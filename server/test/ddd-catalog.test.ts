import { describe, expect, it } from 'vitest';
import { amountPerUnitMg, dailyCost, dddFor } from '@yaojia/shared';
import { DEMO_DRUGS } from '../src/demo/drugs.js';

// The DDD table in shared/ must cover every 集采 molecule the catalog (demo data) carries, and each listed
// DDD must give a daily cost for every 规格 of it: a molecule missing or a 规格 the parser cannot read
// would silently fall back to per-tablet ranking, which is what misled citizens.
describe('DDD table against the demo catalog', () => {
  it.each(DEMO_DRUGS.map((drug) => [drug.genericName, drug] as const))('%s', (name, drug) => {
    const ddd = dddFor(name);
    expect(ddd, `${name} is not in shared/src/domain/ddd.ts`).not.toBeUndefined();
    for (const p of drug.products) {
      if (ddd) {
        const c = dailyCost(name, p.spec, 1000, p.conversionRatio);
        expect(c, `${name} ${p.spec}`).not.toBeNull();
        // a day's treatment is between 1/100 of a unit (a spray bottle lasts weeks) and 20 units
        expect(c!.unitsPerDay).toBeGreaterThan(1 / 100);
        expect(c!.unitsPerDay).toBeLessThanOrEqual(20);
      } else if (!/妥布霉素/.test(p.spec)) {
        expect(amountPerUnitMg(p.spec), `${name} ${p.spec}`).not.toBeNull();
      }
    }
  });
});
