// Manual probe: `pnpm exec tsx tests/e2e/probe.ts` starts the e2e stack and keeps it up until Ctrl-C.
import { startStack } from './stack.js';

const stack = await startStack();
console.log(`e2e stack at ${stack.url}`);
const stop = async () => {
  await stack.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
