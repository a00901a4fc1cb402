/** A worker of parallel-prices.ts: reads the ranges of lines it is sent (price-lines.ts) and posts each back. */
import { parentPort, workerData } from 'node:worker_threads';
import { type PriceLinesJob, type PriceLinesSetup, codeIndexes, readPriceLines, transferables } from './price-lines.js';

const setup = workerData as PriceLinesSetup;
const codes = codeIndexes(setup);
parentPort!.on('message', (job: PriceLinesJob) => {
  const out = readPriceLines(setup, codes, job);
  parentPort!.postMessage(out, transferables(out));
});
