import compress from '@fastify/compress';
import fp from 'fastify-plugin';
import { constants } from 'node:zlib';

/** Answers smaller than this go out as they are: below about half a kilobyte the CPU costs more than the bytes saved. */
export const COMPRESS_THRESHOLD_BYTES = 512;

/**
 * Brotli or gzip (what the client's Accept-Encoding prefers) for JSON, HTML, JS, CSS and other text
 * answers of at least COMPRESS_THRESHOLD_BYTES; already-compressed files (the open datasets' .gz, PNG) are
 * left alone (mime-db says they are not compressible). Brotli at quality 4, not the default 11: answers
 * are compressed per request, and 11 costs tens of milliseconds on a 100 KB search answer for a few per
 * cent fewer bytes.
 */
export default fp(
  async (app) => {
    await app.register(compress, {
      global: true,
      threshold: COMPRESS_THRESHOLD_BYTES,
      encodings: ['br', 'gzip'],
      brotliOptions: { params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4 } },
      zlibOptions: { level: 6 },
    });
  },
  { name: 'compress' },
);
