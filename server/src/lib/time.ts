export const nowIso = () => new Date().toISOString();

/** SQLite/ingest timestamps → ISO 8601 with Z. */
export function toIso(s: string): string {
  const d = new Date(s.includes('T') || s.endsWith('Z') ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

export function daysBetween(aIso: string, b: Date): number {
  return (b.getTime() - new Date(aIso).getTime()) / 86_400_000;
}
