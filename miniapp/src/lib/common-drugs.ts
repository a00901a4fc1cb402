/**
 * Common 集采 molecules citizens look for, by the focus areas of seed 001 三
 * (心脑血管、消化系统、呼吸系统、内分泌及代谢、泌尿生殖、全身用抗感染、皮肤病).
 * Tapping one runs an ordinary search, so the list needs no data of its own.
 */
export const COMMON_DRUGS: ReadonlyArray<{ area: string; names: readonly string[] }> = [
  { area: '心脑血管', names: ['苯磺酸氨氯地平片', '阿托伐他汀钙片', '硫酸氢氯吡格雷片', '缬沙坦胶囊', '瑞舒伐他汀钙片'] },
  { area: '内分泌及代谢', names: ['盐酸二甲双胍片', '格列美脲片', '阿卡波糖片'] },
  { area: '消化系统', names: ['奥美拉唑肠溶胶囊', '雷贝拉唑钠肠溶片', '莫沙必利片'] },
  { area: '呼吸系统', names: ['孟鲁司特钠片', '氨溴索口服溶液'] },
  { area: '全身用抗感染', names: ['阿莫西林胶囊', '头孢呋辛酯片', '左氧氟沙星片'] },
  { area: '泌尿生殖', names: ['坦洛新缓释胶囊', '非那雄胺片'] },
];
