/**
 * Brand names (商品名) and old names (曾用名/俗名) of 集采 molecules, keyed by ingredient stem (see
 * `ingredientStem`), so an entry applies to every product of that molecule whatever its salt or maker.
 * The names are data, not code (issue 15 §3): the shipped default is server/data/drug-aliases.csv
 * (sources named in its header) and a bureau adds its own with `pnpm admin aliases publish`; the server
 * builds an AliasTable from both and hands it to deriveSearchKeys.
 *
 * An entry is a name, or [name, form] when the name belongs to one dosage form only (拜新同 is the
 * 控释片 of 硝苯地平, 心痛定 its plain tablet); `form` is matched against the product's 剂型/通用名.
 * A catalog's own 商品名 column is indexed in addition to this table.
 */
export type AliasEntry = string | readonly [name: string, form: string];

/** stem → its names */
export type AliasTable = ReadonlyMap<string, readonly AliasEntry[]>;

export const EMPTY_ALIASES: AliasTable = new Map();

/** An AliasTable from rows of the aliases file kind (later rows of the same stem and name are dropped). */
export function buildAliasTable(rows: Iterable<{ stem: string; name: string; form: string | null }>): AliasTable {
  const out = new Map<string, AliasEntry[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.stem}\u0000${r.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = out.get(r.stem) ?? [];
    list.push(r.form ? [r.name, r.form] : r.name);
    out.set(r.stem, list);
  }
  return out;
}

/** The name of an entry. */
export const aliasName = (e: AliasEntry): string => (typeof e === 'string' ? e : e[0]);

/** Names (brands and old names) of a stem that apply to a product with this 剂型/通用名. */
export function aliasesFor(table: AliasTable, stem: string, dosageForm: string, genericName: string): string[] {
  const entries = table.get(stem);
  if (!entries) return [];
  const hay = `${dosageForm} ${genericName}`;
  const out: string[] = [];
  for (const e of entries) {
    if (typeof e === 'string') out.push(e);
    else if (hay.includes(e[1])) out.push(e[0]);
  }
  return out;
}
