import type { Command } from 'commander';
import { registerKind } from '../lib/kind-commands.js';

/** `pnpm admin prices publish|history|rollback` */
export function register(program: Command): void {
  registerKind(program, 'prices');
}
