import type { Command } from 'commander';
import { registerKind } from '../lib/kind-commands.js';

/** `pnpm admin listed publish|history|rollback`: 挂网药品价格, the platform prices of brands and generics */
export function register(program: Command): void {
  registerKind(program, 'listed');
}
