import fp from 'fastify-plugin';

/**
 * A route that is going away says so in every answer (docs/API.md, "Stability"): `config: { deprecated:
 * { since, sunset } }` on the route adds `Deprecation` (RFC 9745: the date it was deprecated), `Sunset`
 * (RFC 8594: when it stops answering) and a `Link` to the API guide, and marks the operation deprecated in
 * the OpenAPI document so generated clients warn too.
 */
export interface Deprecation {
  /** ISO date the route was deprecated */
  since: string;
  /** ISO date after which it may stop answering (at least 6 months after `since`) */
  sunset: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    deprecated?: Deprecation;
  }
}

const httpDate = (iso: string) => new Date(iso).toUTCString();

export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      const d = (route.config as { deprecated?: Deprecation } | undefined)?.deprecated;
      if (!d) return;
      for (const date of [d.since, d.sunset]) if (Number.isNaN(Date.parse(date))) throw new Error(`${route.url}: deprecation date "${date}" is not an ISO date`);
      route.schema = { ...route.schema, deprecated: true } as typeof route.schema;
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const d = req.routeOptions.config.deprecated;
      if (d) {
        reply.header('deprecation', `@${Math.floor(Date.parse(d.since) / 1000)}`);
        reply.header('sunset', httpDate(d.sunset));
        reply.header('link', '</docs>; rel="deprecation"; type="text/html"');
      }
      return payload;
    });
  },
  { name: 'deprecation' },
);
