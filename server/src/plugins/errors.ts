import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { httpAnswerOf } from '../errors.js';

/**
 * The one error handler: our errors (errors.ts) become their 4xx answer; Fastify's own 4xx (validation,
 * body too large, rate limit…) pass through as {error, message}; 5xx become a generic message and are logged.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.validation) {
        return reply.code(400).send({ error: 'Bad Request', message: err.message });
      }
      const ours = httpAnswerOf(err);
      if (ours) return reply.code(ours.status).headers(ours.headers ?? {}).send(ours.body);
      const status = err.statusCode ?? 500;
      if (status >= 500) {
        req.log.error({ err, reqId: req.id }, 'request failed');
        return reply.code(500).send({ error: 'Internal Server Error', message: `服务暂时不可用，请稍后再试（请求编号 ${req.id}）` });
      }
      return reply.code(status).send({ error: err.name === 'Error' ? 'Error' : err.name, message: err.message });
    });
    app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'Not Found', message: `${req.method} ${req.url.split('?')[0]} not found` }));
  },
  { name: 'errors' },
);
