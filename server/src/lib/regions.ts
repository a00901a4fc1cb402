import type { FastifyInstance } from 'fastify';
import { REGIONS, type RegionPolicy } from '@yaojia/shared';
import { BadRequestError } from '../plugins/errors.js';
import { distanceKm } from './geo.js';
import { policyOf, regionBySlug } from '../repositories/regions.js';

/**
 * The region a request is about: the one named, else the region whose centre is nearest the given point,
 * else 山西 (the first demo region). An unknown slug is a 400.
 */
export async function resolveRegion(
  app: FastifyInstance,
  slug?: string,
  lat?: number,
  lng?: number,
): Promise<{ id: number; slug: string; policy: RegionPolicy }> {
  let chosen = slug;
  if (!chosen && lat !== undefined && lng !== undefined) {
    chosen = Object.values(REGIONS).sort(
      (a, b) => distanceKm(lat, lng, a.center.lat, a.center.lng) - distanceKm(lat, lng, b.center.lat, b.center.lng),
    )[0]?.slug;
  }
  const row = await regionBySlug(app.db, chosen ?? 'shanxi');
  if (!row) throw new BadRequestError(`unknown region "${slug}"; known: ${Object.keys(REGIONS).join(', ')}`);
  return { id: row.id, slug: row.slug, policy: policyOf(row) };
}
