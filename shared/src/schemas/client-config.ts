import { Type, type Static } from '@sinclair/typebox';

/** What the H5 page needs to know about this deployment at run time (one build serves every deployment). */
export const ClientConfigResponse = Type.Object({
  mapTiles: Type.Union([Type.String({ description: 'map tile URL template ({z}/{x}/{y}); the H5 map shows only when set' }), Type.Null()]),
});
export type ClientConfigResponse = Static<typeof ClientConfigResponse>;
