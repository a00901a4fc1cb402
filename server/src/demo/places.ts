/**
 * Places for the demo institutions: districts of 太原 and 沈阳 with their administrative codes
 * (GB/T 2260), approximate GCJ-02 centres, real street names, and the 街道/乡镇 they contain.
 * Village names are invented (common rural place names), as are hospital and single-pharmacy names;
 * chain names are the real chains' brands, with branch names made from the street.
 */

export type DemoRegionSlug = 'shanxi' | 'shenyang';

export interface District {
  name: string;
  /** 6-digit administrative division code */
  adminCode: string;
  /** approximate GCJ-02 centre of the built-up area */
  lat: number;
  lng: number;
  /** jitter radius in km around the centre */
  radiusKm: number;
  streets: string[];
  /** 街道 for 社区卫生服务站 */
  subdistricts: string[];
  /** 乡镇 for 乡镇卫生院 and 村卫生室; empty for fully urban districts */
  towns: string[];
  rural: boolean;
}

export interface RegionPlaces {
  slug: DemoRegionSlug;
  province: string;
  city: string;
  /** 区号 */
  areaCode: string;
  /** a generous box around the city's territory, for checks */
  bbox: { minLat: number; maxLat: number; minLng: number; maxLng: number };
  districts: District[];
  chains: Array<{ brand: string; company: string }>;
}

export const TAIYUAN: RegionPlaces = {
  slug: 'shanxi',
  province: '山西省',
  city: '太原市',
  areaCode: '0351',
  bbox: { minLat: 37.4, maxLat: 38.3, minLng: 111.9, maxLng: 113.2 },
  districts: [
    {
      name: '小店区', adminCode: '140105', lat: 37.7360, lng: 112.5650, radiusKm: 4.5, rural: false,
      streets: ['长治路', '亲贤北街', '平阳路', '学府街', '体育路', '坞城路', '南内环街', '许坦东街', '真武路', '龙城大街', '北营南路', '康宁街'],
      subdistricts: ['坞城街道', '营盘街道', '平阳路街道', '龙城街道', '北营街道', '黄陵街道'],
      towns: ['刘家堡乡', '西温庄乡'],
    },
    {
      name: '迎泽区', adminCode: '140106', lat: 37.8550, lng: 112.5630, radiusKm: 2.8, rural: false,
      streets: ['迎泽大街', '柳巷', '五一路', '解放南路', '桥东街', '双塔西街', '朝阳街', '并州路', '建设南路', '起凤街', '开化寺街'],
      subdistricts: ['柳巷街道', '文庙街道', '桥东街道', '老军营街道', '庙前街道', '迎泽街道'],
      towns: [],
    },
    {
      name: '杏花岭区', adminCode: '140107', lat: 37.8940, lng: 112.5710, radiusKm: 3.0, rural: false,
      streets: ['府东街', '府西街', '新建路', '胜利街', '三墙路', '北大街', '敦化南路', '解放路', '五一路', '坝陵南街', '新民北街'],
      subdistricts: ['巨轮街道', '三桥街道', '坝陵桥街道', '敦化坊街道', '杏花岭街道', '职工新村街道'],
      towns: ['小返乡'],
    },
    {
      name: '万柏林区', adminCode: '140109', lat: 37.8590, lng: 112.5160, radiusKm: 3.2, rural: false,
      streets: ['千峰南路', '和平北路', '迎泽西大街', '长风西街', '兴华街', '漪汾街', '西矿街', '下元路', '公园路', '南内环西街'],
      subdistricts: ['千峰街道', '下元街道', '和平街道', '兴华街道', '南寒街道', '万柏林街道'],
      towns: ['王封乡'],
    },
    {
      name: '尖草坪区', adminCode: '140108', lat: 37.9400, lng: 112.4870, radiusKm: 3.5, rural: false,
      streets: ['胜利北街', '新兰路', '迎新街', '恒山路', '古城大街', '柴村路', '兴华北街', '尖草坪街'],
      subdistricts: ['汇丰街道', '上兰街道', '迎新街街道', '光社街道', '尖草坪街道'],
      towns: ['向阳镇', '柏板乡', '马头水乡'],
    },
    {
      name: '晋源区', adminCode: '140110', lat: 37.7160, lng: 112.4780, radiusKm: 3.5, rural: false,
      streets: ['晋祠路', '新晋祠路', '晋源街', '南堰路', '罗城街', '长风西街'],
      subdistricts: ['义井街道', '晋源街道', '罗城街道'],
      towns: ['金胜镇', '晋祠镇', '姚村镇'],
    },
    {
      name: '清徐县', adminCode: '140121', lat: 37.6070, lng: 112.3580, radiusKm: 7.0, rural: true,
      streets: ['文源路', '美锦大街', '清泉路', '徐沟大街'],
      subdistricts: ['清源镇'],
      towns: ['徐沟镇', '孟封镇', '东于镇', '集义乡', '马峪乡', '王答乡', '西谷乡'],
    },
    {
      name: '阳曲县', adminCode: '140122', lat: 38.0580, lng: 112.6730, radiusKm: 8.0, rural: true,
      streets: ['阳兴大街', '滨河东路', '迎宾大道'],
      subdistricts: ['黄寨镇'],
      towns: ['大盂镇', '东黄水镇', '泥屯镇', '高村乡', '侯村乡', '凌井店乡', '杨兴乡'],
    },
  ],
  chains: [
    { brand: '老百姓大药房', company: '老百姓大药房连锁（山西）有限公司' },
    { brand: '益丰大药房', company: '益丰大药房连锁（山西）有限公司' },
    { brand: '大参林', company: '大参林医药集团（山西）有限公司' },
    { brand: '国大药房', company: '国药控股国大药房山西连锁有限公司' },
    { brand: '同仁堂', company: '北京同仁堂山西连锁药店有限责任公司' },
    { brand: '漱玉平民大药房', company: '漱玉平民大药房（山西）有限公司' },
    { brand: '华杰大药房', company: '山西华杰大药房连锁有限公司' },
  ],
};

export const SHENYANG: RegionPlaces = {
  slug: 'shenyang',
  province: '辽宁省',
  city: '沈阳市',
  areaCode: '024',
  bbox: { minLat: 41.2, maxLat: 43.1, minLng: 122.4, maxLng: 123.9 },
  districts: [
    {
      name: '和平区', adminCode: '210102', lat: 41.7890, lng: 123.4060, radiusKm: 2.8, rural: false,
      streets: ['太原街', '中华路', '南京北街', '三好街', '十一纬路', '南京南街', '北二马路', '民主路', '南五马路', '文化路', '南八马路'],
      subdistricts: ['太原街街道', '南湖街道', '北市场街道', '浑河站西街道', '长白街道', '新华街道'],
      towns: [],
    },
    {
      name: '沈河区', adminCode: '210103', lat: 41.7960, lng: 123.4580, radiusKm: 2.6, rural: false,
      streets: ['中街路', '北京街', '青年大街', '小西路', '市府大路', '北站路', '正阳街', '热闹路', '大南街', '文艺路', '奉天街'],
      subdistricts: ['大西街道', '皇城街道', '五里河街道', '滨河街道', '北站街道', '南塔街道'],
      towns: [],
    },
    {
      name: '大东区', adminCode: '210104', lat: 41.8050, lng: 123.4700, radiusKm: 2.8, rural: false,
      streets: ['东北大马路', '小北关街', '津桥路', '大什字街', '东望街', '长安路', '东顺城街', '北海街', '善邻路'],
      subdistricts: ['上园街道', '辽沈街道', '洮昌街道', '津桥街道', '万泉街道', '东站街道'],
      towns: [],
    },
    {
      name: '皇姑区', adminCode: '210105', lat: 41.8240, lng: 123.4240, radiusKm: 3.0, rural: false,
      streets: ['黄河南大街', '北陵大街', '崇山中路', '长江街', '岐山中路', '华山路', '塔湾街', '淮河街', '昆山中路', '宁山中路'],
      subdistricts: ['华山街道', '三台子街道', '北塔街道', '辽河街道', '明廉街道', '新乐街道'],
      towns: [],
    },
    {
      name: '铁西区', adminCode: '210106', lat: 41.8020, lng: 123.3760, radiusKm: 3.2, rural: false,
      streets: ['兴华南街', '北二路', '建设大路', '兴工北街', '保工街', '重工街', '云峰北街', '卫工街', '沈辽路', '南十二路'],
      subdistricts: ['兴华街道', '笃工街道', '艳粉街道', '霁虹街道', '凌空街道', '兴顺街道'],
      towns: [],
    },
    {
      name: '浑南区', adminCode: '210112', lat: 41.7150, lng: 123.4500, radiusKm: 5.0, rural: false,
      streets: ['浑南中路', '全运路', '创新路', '沈营路', '世纪路', '金卡路', '新隆街', '富民南街'],
      subdistricts: ['五三街道', '浑河站东街道', '白塔街道', '桃仙街道', '东湖街道'],
      towns: ['李相街道', '高坎街道', '王滨街道'],
    },
    {
      name: '于洪区', adminCode: '210114', lat: 41.7940, lng: 123.3090, radiusKm: 4.0, rural: false,
      streets: ['黄海路', '吉力湖街', '洪湖北街', '松山西路', '汪河路', '沈新路', '西江街'],
      subdistricts: ['迎宾路街道', '北陵街道', '南阳湖街道', '城东湖街道', '陵东街道'],
      towns: ['造化街道', '大潘街道', '老边街道'],
    },
    {
      name: '沈北新区', adminCode: '210113', lat: 42.0520, lng: 123.5200, radiusKm: 6.0, rural: false,
      streets: ['道义南大街', '蒲河路', '辉山大街', '沈北路', '正良四路', '虎石台南大街'],
      subdistricts: ['道义街道', '虎石台街道', '正良街道', '辉山街道'],
      towns: ['兴隆台街道', '清水台街道', '财落街道', '马刚街道'],
    },
    {
      name: '苏家屯区', adminCode: '210111', lat: 41.6650, lng: 123.3440, radiusKm: 4.5, rural: false,
      streets: ['雪松路', '枫杨路', '银杏路', '海棠街', '迎春街', '山丁街'],
      subdistricts: ['湖西街道', '民主街道', '中兴街道', '迎春街道'],
      towns: ['姚千户街道', '永乐街道', '八一红菱街道', '沙河街道'],
    },
    {
      name: '辽中区', adminCode: '210115', lat: 41.5160, lng: 122.7650, radiusKm: 8.0, rural: true,
      streets: ['蒲东街', '辽中大街', '茨榆坨大街'],
      subdistricts: ['蒲东街道'],
      towns: ['茨榆坨街道', '冷子堡镇', '肖寨门镇', '于家房镇', '六间房镇'],
    },
    {
      name: '新民市', adminCode: '210181', lat: 41.9960, lng: 122.8280, radiusKm: 8.0, rural: true,
      streets: ['民安街', '东城街', '新民大街'],
      subdistricts: ['东城街道'],
      towns: ['大民屯镇', '兴隆镇', '前当堡镇', '梁山镇', '公主屯镇'],
    },
    {
      name: '法库县', adminCode: '210124', lat: 42.5000, lng: 123.4070, radiusKm: 8.0, rural: true,
      streets: ['正阳大街', '龙山路', '文化路'],
      subdistricts: ['法库镇'],
      towns: ['大孤家子镇', '秀水河子镇', '叶茂台镇', '依牛堡子镇'],
    },
  ],
  chains: [
    { brand: '成大方圆', company: '辽宁成大方圆医药连锁有限公司' },
    { brand: '国大药房', company: '国药控股国大药房沈阳连锁有限公司' },
    { brand: '老百姓大药房', company: '老百姓大药房连锁（辽宁）有限公司' },
    { brand: '益丰大药房', company: '益丰大药房连锁（辽宁）有限公司' },
    { brand: '大参林', company: '大参林医药集团（辽宁）有限公司' },
    { brand: '同仁堂', company: '北京同仁堂沈阳药店有限责任公司' },
    { brand: '天士力大药房', company: '辽宁天士力大药房连锁有限公司' },
  ],
};

export const DEMO_PLACES: Record<DemoRegionSlug, RegionPlaces> = { shanxi: TAIYUAN, shenyang: SHENYANG };

/** Invented village names (common in north China), for 村卫生室 */
export const VILLAGE_NAMES = [
  '东堡', '西堡', '南庄', '北庄', '王家庄', '李家营', '张村', '赵家堡', '高家堡', '马家庄', '后营', '前营',
  '新庄', '河湾', '柳林', '杨家寨', '白家庄', '刘家屯', '孙家窑', '韩家岭', '郭家沟', '石家湾', '范家屯', '董家窝堡',
  '三家子', '四台子', '大营子', '小营子', '太平庄', '永安', '兴隆堡', '红旗', '东升', '五星', '胜利', '长岭',
];

export const SINGLE_PHARMACY_NAMES = [
  '康宁', '仁和', '百草', '惠民', '福寿堂', '济生堂', '益生', '德仁堂', '万和', '安康', '普济', '瑞康', '民生', '永康',
  '泰和', '同济', '康泰', '九州', '广济', '春天', '众康', '健民', '长寿', '恒康', '宏仁', '回春堂', '保和堂', '正源',
];

export const PRIVATE_TERTIARY_NAMES: Record<DemoRegionSlug, string[]> = {
  shanxi: ['山西泰和综合医院', '太原汇仁医院', '太原华晋医院', '山西众康医院'],
  shenyang: ['沈阳德仁医院', '沈阳安联医院', '沈阳瑞康医院', '沈阳华夏医院'],
};

export const PRIVATE_OTHER_SUFFIXES = ['综合门诊部', '中西医结合诊所', '内科诊所', '全科诊所', '医院', '门诊部', '社区医院'];
export const PRIVATE_OTHER_PREFIXES = ['仁爱', '康复', '慈济', '博爱', '和睦', '安贞', '惠仁', '益康', '明德', '华康', '康馨', '佑安'];

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '宋', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎'];
export const GIVEN_NAMES = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '建国', '志强', '海燕', '晓东', '红梅', '玉兰', '丽华', '文军', '利民', '春雨', '立新', '国庆', '淑珍', '振华', '凤英', '卫东'];
