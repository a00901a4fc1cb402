import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { NotFoundError } from '../repositories/reports.js';

export class BadRequestError extends Error {}

/** One error handler: 4xx messages pass through as {error, message}; 5xx become a generic message and are logged. */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.validation) {
        return reply.code(400).send({ error: 'Bad Request', message: err.message });
      }
      if (err instanceof BadRequestError) return reply.code(400).send({ error: 'Bad Request', message: err.message });
      if (err instanceof NotFoundError) return reply.code(404).send({ error: 'Not Found', message: err.message });
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
