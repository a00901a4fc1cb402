import type { PublishReport, VersionInfo } from './publish.js';

const LIST = 10;

function more(total: number, shown: number): string[] {
  return total > shown ? [`    … and ${total - shown} more`] : [];
}

/** The one-screen summary every CLI run ends with. */
export function formatReport(r: PublishReport): string {
  const lines: string[] = [];
  const title = { published: 'PUBLISHED', dry_run: 'DRY RUN', no_op: 'NO CHANGE', rejected: 'REJECTED', rolled_back: 'ROLLED BACK' }[r.status];
  lines.push(`── ${title} · ${r.kind} · ${r.region} · ${r.file || '—'} ${'─'.repeat(8)}`);
  lines.push(r.message);
  if (r.sha256) lines.push(`sha256     ${r.sha256}`);
  if (r.stats) {
    const s = r.stats;
    lines.push(`read       ${s.format}${s.format === 'csv' ? ` (${s.encoding})` : ''}${s.sheet ? ` sheet "${s.sheet}"` : ''}, header row ${s.headerRows.join('+') || '—'}, ${s.dataRows} data row(s), ${s.blankRows} blank, ${s.footnoteRows.length} footnote(s)`);
    if (s.unknownColumns.length) lines.push(`ignored    unknown column(s): ${s.unknownColumns.map((c) => `${c.letter} "${c.header}"`).join(', ')}`);
  }
  if (r.versionId !== null && r.status !== 'no_op') lines.push(`version    ${r.versionId}${r.previousVersionId ? ` (previous ${r.previousVersionId})` : ''}`);
  if (r.diff) {
    const d = r.diff;
    lines.push(`diff       +${d.added} added, -${d.removed} removed, ~${d.changed} changed${r.kind === 'prices' ? ` (${d.priceChanged} price changes)` : ''}, ${d.unchanged} unchanged`);
    const k = d.kept;
    const kept = [
      [k.newerPharmacyObservation, 'newer pharmacy observation'],
      [k.pharmacyOffersNotInFile, 'pharmacy offer(s) not in the file'],
      [k.institutionsAddedByCommand, 'added by command, not in the file'],
      [k.badgesSetByCommand, '集采标识 set by badge command'],
    ].filter(([n]) => (n as number) > 0);
    const keptTotal = kept.reduce((a, [n]) => a + (n as number), 0);
    if (keptTotal) lines.push(`kept       ${kept.map(([n, label]) => `${n} ${label}`).join(', ')}`);
    for (const [label, list, total] of [['added', d.samples.added, d.added], ['removed', d.samples.removed, d.removed], ['changed', d.samples.changed, d.changed], ['kept', d.samples.kept, keptTotal]] as const) {
      if (!list.length) continue;
      lines.push(`  ${label}:`);
      for (const s of list) lines.push(`    ${s}`);
      lines.push(...more(total, list.length));
    }
  }
  if (r.skippedRows.length) {
    lines.push(`skipped    ${r.skippedRows.length} invalid row(s): ${r.skippedRows.slice(0, 30).join(', ')}${r.skippedRows.length > 30 ? ', …' : ''}`);
    for (const e of r.skipped.slice(0, LIST)) lines.push(`    ${e.message}`);
    lines.push(...more(r.skipped.length, Math.min(LIST, r.skipped.length)));
  }
  if (r.errors.length) {
    lines.push(`errors     ${r.errors.length}`);
    for (const e of r.errors.slice(0, LIST)) lines.push(`    ${e.message}`);
    lines.push(...more(r.errors.length, Math.min(LIST, r.errors.length)));
  }
  if (r.warnings.length) {
    lines.push(`warnings   ${r.warnings.length}`);
    for (const w of r.warnings.slice(0, 5)) lines.push(`    ${w.message}`);
    lines.push(...more(r.warnings.length, Math.min(5, r.warnings.length)));
  }
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const p = r.phases;
  lines.push(`time       ${sec(r.ms)}${p ? ` (parse+validate ${sec(p.parseMs)}, snapshot ${sec(p.snapshotMs)}, diff ${sec(p.diffMs)}, write ${sec(p.writeMs)})` : ''}`);
  return lines.join('\n');
}

export function formatHistory(region: string, kind: string, versions: VersionInfo[]): string {
  if (!versions.length) return `no ${kind} versions for ${region} yet`;
  const lines = [`${kind} versions of ${region} (newest first)`, 'ver  status       published at              rows    +add   -rem   ~chg  skip  publisher   file'];
  for (const v of versions) {
    const status = v.status + (v.restoredFrom ? `←${v.restoredFrom}` : '');
    lines.push(
      `${String(v.id).padEnd(4)} ${status.padEnd(12)} ${v.publishedAt.padEnd(25)} ${String(v.rowCount).padStart(6)} ${String(v.addedCount).padStart(6)} ${String(v.removedCount).padStart(6)} ${String(v.changedCount).padStart(6)} ${String(v.skippedCount).padStart(5)}  ${v.publisher.padEnd(10)}  ${v.fileName} (${v.sha256.slice(0, 10)})`,
    );
  }
  return lines.join('\n');
}
