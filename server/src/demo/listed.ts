import { type DemoPackCodes, demoPackCodes } from './codes.js';

/**
 * Demo 挂网药品价格 (issue 15): originator brands of molecules in the demo catalog, as a provincial
 * procurement platform lists them beside the 集采 generics. Brands and makers are the real originators
 * (络活喜/立普妥: 辉瑞; 波立维/安博维: 赛诺菲; 格华止/博路定: 施贵宝; 可定: 阿斯利康; 代文: 诺华);
 * 医保药品编码 are generated and prices are plausible per-pack prices, not quotes of a platform.
 * Each brand's box carries pack codes (demoListedPackCodes) in the same well-formed, made-up scheme as the
 * catalog's, so scanning or typing a brand's 条形码 / 本位码 / 追溯码 can be tried after `npm start`.
 */
export interface DemoListed {
  code: string;
  genericName: string;
  brandName: string;
  dosageForm: string;
  spec: string;
  conversionRatio: number;
  maker: string;
  listedPrice: string;
  original: boolean;
}

const row = (code: string, genericName: string, brandName: string, dosageForm: string, spec: string, conversionRatio: number, maker: string, listedPrice: string): DemoListed => ({
  code, genericName, brandName, dosageForm, spec, conversionRatio, maker, listedPrice, original: true,
});

export const DEMO_LISTED: readonly DemoListed[] = [
  row('XC08CAA040A001020900001', '苯磺酸氨氯地平片', '络活喜', '片剂', '5mg', 7, '辉瑞制药有限公司', '29.40'),
  row('XC10AAA011A001020900002', '阿托伐他汀钙片', '立普妥', '片剂', '20mg', 7, '辉瑞制药有限公司', '44.80'),
  row('XB01ACL025A001020900003', '硫酸氢氯吡格雷片', '波立维', '片剂', '75mg', 7, '赛诺菲（杭州）制药有限公司', '80.50'),
  row('XA10BAD027A001020900004', '盐酸二甲双胍片', '格华止', '片剂', '0.5g', 20, '中美上海施贵宝制药有限公司', '16.90'),
  row('XC10AAR070A001020900005', '瑞舒伐他汀钙片', '可定', '片剂', '10mg', 7, '阿斯利康制药有限公司', '42.70'),
  row('XC09CAV075A001020900006', '缬沙坦胶囊', '代文', '胶囊剂', '80mg', 7, '北京诺华制药有限公司', '27.30'),
  row('XC09CAE078A001020900007', '厄贝沙坦片', '安博维', '片剂', '150mg', 7, '赛诺菲（杭州）制药有限公司', '30.10'),
  row('XJ05AFE079A001020900008', '恩替卡韦片', '博路定', '片剂', '0.5mg', 7, '中美上海施贵宝制药有限公司', '92.40'),
];

/** brands' pack codes are numbered from here, far above any demo catalog product's position, so no code is shared */
const LISTED_CODE_BASE = 9000;

/** The codes printed on demo brand `i`'s box (DEMO_LISTED order): 药品标识码 (the 追溯码's first 7 digits), 本位码, EAN-13. */
export function demoListedPackCodes(i: number): DemoPackCodes {
  const l = DEMO_LISTED[i]!;
  return demoPackCodes(LISTED_CODE_BASE + i, l.code, l.maker);
}
