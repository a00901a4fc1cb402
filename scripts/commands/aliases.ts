import type { Command } from 'commander';
import { registerKind } from '../lib/kind-commands.js';

/**
 * `pnpm admin aliases publish|history|rollback`: brand names (商品名, 原研 or not) and other names of a
 * molecule, on top of the shipped default (server/data/drug-aliases.csv); without --region, every region.
 */
export function register(program: Command): void {
  registerKind(program, 'aliases', { allRegions: true });
}
