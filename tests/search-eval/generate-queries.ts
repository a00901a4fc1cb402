// Regenerates queries.tsv from the demo catalog (server/src/demo): tsx tests/search-eval/generate-queries.ts
// Expected names come from the demo table (通用名, commonNames, 商品名), not from the search code.
import { writeFileSync } from 'node:fs';
import { DEMO_DRUGS } from '@yaojia/server/demo/drugs';
import { ingredientStem, syllables, parseStrengths, hanGrams } from '@yaojia/shared/search';
let seed = 7; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T,>(a: T[]) => a[Math.floor(rnd() * a.length)]!;
const drugs = DEMO_DRUGS;
const names = drugs.map(d => d.genericName);
const stemOf = new Map(names.map(n => [n, ingredientStem(n)]));
const byStem = (st: string) => names.filter(n => stemOf.get(n) === st);
const containing = (s: string) => names.filter(n => n.includes(s));
const rows: [string, string, string][] = [];
const add = (q: string, kind: string, exp: string[]) => { if (exp.length && !rows.some(r => r[0] === q && r[1] === kind)) rows.push([q, kind, [...new Set(exp)].join('|')]); };
for (const d of drugs) {
  const g = d.genericName, st = stemOf.get(g)!;
  add(g, 'exact', [g]);
  // salt dropped: stem alone, and stem + form (阿托伐他汀片)
  if (st !== g && st.length >= 2) add(st, 'salt_dropped', byStem(st).length ? byStem(st) : [g]);
  const syl = syllables(st);
  const py = syl.join('');
  if (syl.length >= 2) {
    if (py.includes('ü')) { add(py.replace(/ü/g, 'v'), 'pinyin_v', byStem(st)); add(py.replace(/ü/g, 'u'), 'pinyin_u', byStem(st)); }
    else add(py, 'pinyin', byStem(st));
    const ini = syl.map(x => x[0]).join('');
    if (ini.length >= 3) {
      const ini2 = (x: string) => syllables(x).map(y => y[0]).join('');
      const same = names.filter(n => ini2(stemOf.get(n)!) === ini || drugs.find(x => x.genericName === n)!.commonNames.some(c => ini2(c) === ini));
      add(ini, 'initials', same);
    }
  }
  // partial: the first 3 (or 4) characters of the stem as typed so far, or the name without its salt
  const chars = [...st];
  if (chars.length >= 4) { const p = chars.slice(0, Math.max(3, chars.length - 1)).join(''); add(p, 'partial', names.filter(n => stemOf.get(n)!.startsWith(p))); }
  if (g !== st && g.endsWith('片') && !g.startsWith(st)) add(g.slice(g.indexOf(st)), 'partial', containing(g.slice(g.indexOf(st))));
  for (const c of d.commonNames) {
    if (c === st || c === g) continue;
    const exp = names.filter(n => drugs.find(x => x.genericName === n)!.commonNames.includes(c) || (n.includes(c) && c.length >= 3 && !/[膏片]$/.test(c)));
    if (c === '倍他乐克') exp.push('酒石酸美托洛尔片');
    add(c, /^[a-z0-9-]+$/i.test(c) ? 'brand' : 'brand_or_common', exp);
  }
  for (const p of d.products) if (p.brandName) add(p.brandName, 'brand', names.filter(n => drugs.find(x => x.genericName === n)!.products.some(pp => pp.brandName === p.brandName)));
  // form
  const formWords = ['缓释', '控释', '肠溶', '分散', '咀嚼', '泡腾', '滴眼液', '胶囊', '乳膏', '软膏', '凝胶', '鼻喷雾剂', '散'];
  const fw = formWords.find(f => g.includes(f) && g.endsWith(g.slice(g.indexOf(f))));
  if (fw && st.length >= 2) add(`${st} ${fw}`, 'name_form', byStem(st).filter(n => n.includes(fw)));
  // strength
  const spec = d.products[0]!.spec; const s = parseStrengths(spec)[0];
  if (s && s.unit === 'mg' && st.length >= 2) {
    const variants = [spec, s.value >= 1 ? `${s.value}mg` : spec, s.value >= 1 ? `${s.value} 毫克` : spec];
    const qstr = `${st} ${pick(variants)}`;
    const exp = byStem(st).filter(n => drugs.find(x => x.genericName === n)!.products.some(p => parseStrengths(p.spec).some(ps => ps.unit === 'mg' && Math.abs(ps.value - s.value) < 1e-9)));
    add(qstr, 'name_strength', exp);
  }
}
// typos: one character replaced by a homophone (pinyin IME slips) or a look-alike
const HOMO: Record<string, string> = { 氨: '安', 氯: '录', 地: '的', 平: '苹', 托: '拖', 伐: '发', 他: '她', 汀: '丁', 沙: '砂', 坦: '担', 双: '霜', 胍: '瓜', 格: '各', 列: '烈', 美: '每', 唑: '坐', 拉: '啦', 普: '谱', 利: '力', 西: '希', 林: '琳', 洛: '落', 尔: '而', 芬: '分', 布: '步', 非: '菲', 那: '娜', 克: '可', 莫: '漠', 替: '提', 瑞: '锐', 舒: '书', 氟: '福', 奥: '澳', 曲: '区', 多: '朵', 巴: '八', 米: '迷', 达: '答', 雷: '蕾', 尼: '泥', 索: '锁', 司: '斯', 孟: '梦', 鲁: '鹿', 特: '特', 喹: '奎', 硫: '流', 酮: '铜', 卡: '咔', 吡: '比', 嗪: '秦', 胺: '安', 韦: '伟', 帕: '怕', 罗: '萝', 昔: '西', 康: '抗', 阿: '啊', 依: '衣', 苯: '本', 丙: '饼', 甲: '假', 乙: '已', 酸: '算', 头: '投', 孢: '包', 霉: '梅', 素: '诉' };
const typoRows: [string, string, string][] = [];
for (const d of drugs) {
  const st = stemOf.get(d.genericName)!; const chars = [...st];
  if (chars.length < 4) continue;
  const idx = chars.map((c, i) => (HOMO[c] && HOMO[c] !== c && i > 0 ? i : -1)).filter(i => i >= 0);
  if (!idx.length) continue;
  const i = pick(idx); const t = [...chars]; t[i] = HOMO[t[i]!]!;
  const q = t.join('');
  if (names.some(n => n.includes(q))) continue;
  typoRows.push([q, 'typo', byStem(st).join('|')]);
}
for (const r of typoRows.filter((_, i) => i % 2 === 0)) rows.push(r);
const OLD: [string, string][] = [['扑热息痛', '对乙酰氨基酚片'], ['安体舒通', '螺内酯片'], ['双氢克尿噻', '氢氯噻嗪片'], ['灭滴灵', '甲硝唑片'], ['三苯氧胺', '枸橼酸他莫昔芬片'], ['强的松', '醋酸泼尼松片'], ['先锋4号', '头孢氨苄胶囊'], ['无环鸟苷', '阿昔洛韦片|阿昔洛韦乳膏'], ['伟哥', '枸橼酸西地那非片'], ['别嘌呤醇', '别嘌醇片']];
for (const [q, e] of OLD) add(q, 'old_name', e.split('|'));
const lines = ['query\tkind\texpected', ...rows.map(r => r.join('\t'))];
writeFileSync(new URL('./queries.tsv', import.meta.url), lines.join('\n') + '\n');
const k = new Map<string, number>(); for (const r of rows) k.set(r[1], (k.get(r[1]) ?? 0) + 1);
console.log(rows.length, [...k]);
