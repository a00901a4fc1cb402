import { defineConfig } from 'vitest/config';

// Pure logic only (src/lib, src/api/url, src/api/errors): no Taro runtime needed.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
