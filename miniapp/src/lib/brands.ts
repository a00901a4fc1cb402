/**
 * Originator brands (原研药) of molecules in the 集采 catalog, with their company: a citizen who searches
 * the brand the doctor wrote is told plainly that the results are generics of the same ingredient, not that
 * brand. Well-known originators only; any other name that is neither a 通用名 nor a listed 商品名 gets the
 * same notice without the company.
 */
export const ORIGINATOR_BRANDS: Readonly<Record<string, string>> = {
  络活喜: '辉瑞',
  拜新同: '拜耳',
  波依定: '阿斯利康',
  安博维: '赛诺菲',
  安博诺: '赛诺菲',
  科素亚: '默沙东',
  代文: '诺华',
  美卡素: '勃林格殷格翰',
  倍他乐克: '阿斯利康',
  立普妥: '辉瑞',
  可定: '阿斯利康',
  波立维: '赛诺菲',
  拜阿司匹灵: '拜耳',
  倍林达: '阿斯利康',
  拜瑞妥: '拜耳',
  格华止: '默克',
  拜唐苹: '拜耳',
  亚莫利: '赛诺菲',
  捷诺维: '默沙东',
  安达唐: '阿斯利康',
  耐信: '阿斯利康',
  洛赛克: '阿斯利康',
  顺尔宁: '默沙东',
  开瑞坦: '拜耳',
  希舒美: '辉瑞',
  可乐必妥: '第一三共',
  万艾可: '辉瑞',
  希爱力: '礼来',
  来士普: '灵北',
  易瑞沙: '阿斯利康',
  格列卫: '诺华',
};

const ASCII = /^[\x00-\x7f]+$/;

/**
 * The notice for a search term that names none of the listed products: "络活喜是原研药（辉瑞），不在本次
 * 集采中选；以下是同成分的集采药品". null when the term is (part of) the 通用名, a listed 商品名, or pinyin.
 */
export function brandNotice(q: string, group: { genericName: string; brandNames: readonly string[] }): string | null {
  const t = q.trim();
  if (!t || ASCII.test(t)) return null;
  if (group.genericName.includes(t) || t.includes(group.genericName.replace(/片|胶囊|注射液$/, ''))) return null;
  if (group.brandNames.some((b) => b === t || b.includes(t))) return null;
  const company = ORIGINATOR_BRANDS[t];
  if (company) return `${t}是原研药（${company}），不在本次集采中选；以下是同成分的集采药品`;
  return `“${t}”不是以下集采药品的名称；它若是别的厂家的商品名，就不在本次集采中选。以下是同成分的集采药品`;
}
