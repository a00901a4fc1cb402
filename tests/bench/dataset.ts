/**
 * A deterministic province (山西-shaped) written as bureau files: a catalog CSV, an institutions CSV,
 * a prices CSV and a second prices CSV with 1 % of the prices changed (the nightly delta).
 * Everything comes from one seeded PRNG, so a seed names a dataset.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DRUGS, DEMO_MAKERS } from '@yaojia/server/demo/drugs';
import { mulberry32 } from '@yaojia/server/demo/generate';
import { ean13CheckDigit } from '@yaojia/shared';

export interface DatasetSize {
  products: number;
  institutions: number;
  offers: number;
}

export const SIZES = {
  small: { products: 300, institutions: 500, offers: 20_000 },
  /** a tenth of full: PostgreSQL and SQLite side by side in a few minutes */
  medium: { products: 1_000, institutions: 2_000, offers: 200_000 },
  full: { products: 5_000, institutions: 10_000, offers: 2_000_000 },
} as const satisfies Record<string, DatasetSize>;

export interface BenchProduct {
  code: string;
  genericName: string;
  /** popularity weight (Zipf-like over a shuffled order): popular drugs are offered and asked for more */
  weight: number;
  /** the codes on its pack (issue 15): two 药品标识码, a 本位码, an EAN-13 — 4 a product, 20,000 at full size */
  packCodes: { identifiers: [string, string]; standard: string; ean13: string };
  spec: string;
}

export interface BenchInstitution {
  code: string;
  lat: number;
  lng: number;
}

export interface Dataset {
  dir: string;
  files: { catalog: string; institutions: string; prices: string; pricesDelta: string };
  products: BenchProduct[];
  institutions: BenchInstitution[];
  offers: number;
  /** rows of the delta file whose selling price differs from the first prices file */
  deltaChanged: number;
  /** cumulative product weights, for drawing popular products */
  pickProduct: (rnd: () => number) => BenchProduct;
}

/** mulberry32, the demo generator's PRNG: small, fast, deterministic. */
export const prng = mulberry32;

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Approximately normal (sum of three uniforms), mean 0, sd ≈ 1. */
const gauss = (rnd: () => number) => (rnd() + rnd() + rnd() - 1.5) * 2;

// 山西's prefecture cities: approximate GCJ-02 centres and a share of the province's institutions
const CITIES = [
  { name: '太原', code: '01', lat: 37.870, lng: 112.549, share: 0.26 },
  { name: '大同', code: '02', lat: 40.076, lng: 113.300, share: 0.10 },
  { name: '阳泉', code: '03', lat: 37.857, lng: 113.580, share: 0.04 },
  { name: '长治', code: '04', lat: 36.195, lng: 113.117, share: 0.10 },
  { name: '晋城', code: '05', lat: 35.491, lng: 112.852, share: 0.06 },
  { name: '朔州', code: '06', lat: 39.331, lng: 112.432, share: 0.04 },
  { name: '晋中', code: '07', lat: 37.687, lng: 112.752, share: 0.09 },
  { name: '运城', code: '08', lat: 35.026, lng: 111.007, share: 0.11 },
  { name: '忻州', code: '09', lat: 38.416, lng: 112.734, share: 0.07 },
  { name: '临汾', code: '10', lat: 36.088, lng: 111.519, share: 0.09 },
  { name: '吕梁', code: '11', lat: 37.518, lng: 111.144, share: 0.04 },
] as const;

const STREETS = ['迎泽大街', '长风街', '府东街', '解放路', '建设路', '人民路', '新华街', '和平路', '五一路', '胜利街', '文化路', '朝阳街', '中山路', '学府街', '开发区大道'];
const DISTRICTS = ['城区', '新区', '开发区', '东城', '西城', '南郊', '北郊'];
const CHAINS = ['老百姓大药房', '一心堂', '益丰大药房', '大参林', '漱玉平民', '国大药房', '海王星辰', '华润堂'];
const TYPES = [
  { label: '零售连锁药店', share: 0.55, offers: 1.3 },
  { label: '单体药店', share: 0.25, offers: 0.9 },
  { label: '社区卫生服务站', share: 0.08, offers: 0.6 },
  { label: '乡镇卫生院', share: 0.04, offers: 0.7 },
  { label: '村卫生室', share: 0.06, offers: 0.3 },
  { label: '其他民营医疗机构', share: 0.02, offers: 0.5 },
] as const;
const RATIOS = [7, 14, 28, 30, 42, 48, 60, 100];

function byShare<T extends { share: number }>(rnd: () => number, xs: readonly T[]): T {
  let r = rnd();
  for (const x of xs) {
    r -= x.share;
    if (r < 0) return x;
  }
  return xs[xs.length - 1]!;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);
const csv = (cells: Array<string | number>) => cells.map((c) => (typeof c === 'string' && /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/** Buffered line writer: 2 M lines without holding the file in memory. */
function lineWriter(path: string) {
  const fd = openSync(path, 'w');
  let buf: string[] = [];
  const flush = () => {
    if (buf.length) writeSync(fd, buf.join(''));
    buf = [];
  };
  return {
    line(s: string) {
      buf.push(s, '\n');
      if (buf.length >= 20_000) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

export function generateDataset(dir: string, size: DatasetSize, seed: number): Dataset {
  const rnd = prng(seed);
  const files = {
    catalog: join(dir, 'catalog.csv'),
    institutions: join(dir, 'institutions.csv'),
    prices: join(dir, 'prices.csv'),
    pricesDelta: join(dir, 'prices-delta.csv'),
  };
  const makers = Object.values(DEMO_MAKERS).map((m) => m.name);

  // ── catalog: the demo's real 通用名, spread over makers, specs and pack sizes
  const products: BenchProduct[] = [];
  const winning: number[] = [];
  const cat = lineWriter(files.catalog);
  cat.line('药品统一编码,产品名称,剂型,规格,转换比,最小制剂单位,最小包装单位,包装材质,生产企业,投标企业,中选价(元),批准文号,治疗领域,追溯码前7位,本位码,商品条码');
  for (let k = 0; k < size.products; k++) {
    const drug = DEMO_DRUGS[k % DEMO_DRUGS.length]!;
    const variant = drug.products[Math.floor(k / DEMO_DRUGS.length) % drug.products.length]!;
    const maker = k < DEMO_DRUGS.length ? DEMO_MAKERS[variant.maker].name : pick(rnd, makers);
    const ratio = k < DEMO_DRUGS.length ? variant.conversionRatio : pick(rnd, RATIOS);
    const base = Math.round(Number(variant.winningPrice) * 100);
    const fen = Math.max(1, Math.round((base * ratio) / variant.conversionRatio * (0.8 + 0.4 * rnd())));
    const code = `XB${drug.atcGroup}${String(k).padStart(8, '0')}`;
    // distinct per product: 药品标识码 1000000 + 2k (+1), 本位码 8690 + k, EAN-13 690 + k with its check digit
    const ean12 = `690${String(k).padStart(9, '0')}`;
    const packCodes = {
      identifiers: [String(1_000_000 + 2 * k), String(1_000_001 + 2 * k)] as [string, string],
      standard: `8690${String(k).padStart(10, '0')}`,
      ean13: `${ean12}${ean13CheckDigit(ean12)}`,
    };
    cat.line(csv([code, drug.genericName, drug.dosageForm, variant.spec, ratio, drug.minUnit, variant.packUnit ?? drug.packUnit,
      variant.packaging ?? drug.packaging, maker, maker, yuan(fen), `国药准字H${String(20000000 + k).padStart(8, '0')}`, drug.therapeuticArea,
      packCodes.identifiers.join('、'), packCodes.standard, packCodes.ean13]));
    products.push({ code, genericName: drug.genericName, weight: 0, packCodes, spec: variant.spec });
    winning.push(fen);
  }
  cat.close();
  // popularity: a Zipf-like weight over a seeded shuffle of the products
  const order = products.map((_, i) => i).sort(() => rnd() - 0.5);
  order.forEach((pi, rank) => {
    products[pi]!.weight = 1 / (rank + 20) ** 0.9;
  });
  const cumulative: number[] = [];
  let acc = 0;
  for (const p of products) cumulative.push((acc += p.weight));
  const pickIndex = (r: number) => {
    const x = r * acc;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // ── institutions: clustered around the prefecture cities, a few spread into the countryside
  const institutions: BenchInstitution[] = [];
  const offerWeight: number[] = [];
  const inst = lineWriter(files.institutions);
  inst.line('单位名称,机构医保编码,机构类型,单位地址,经度,纬度,联系电话,营业时间,承诺');
  for (let k = 0; k < size.institutions; k++) {
    const city = byShare(rnd, CITIES);
    const type = byShare(rnd, TYPES);
    const spreadKm = type.label === '村卫生室' || type.label === '乡镇卫生院' ? 25 : 6;
    const lat = city.lat + (gauss(rnd) * spreadKm) / 111.32;
    const lng = city.lng + (gauss(rnd) * spreadKm) / (111.32 * Math.cos((city.lat * Math.PI) / 180));
    const street = pick(rnd, STREETS);
    const district = pick(rnd, DISTRICTS);
    const no = 1 + Math.floor(rnd() * 400);
    const name = type.label === '零售连锁药店' ? `${pick(rnd, CHAINS)}（${city.name}${street}${k}店）`
      : type.label === '单体药店' ? `${city.name}市${district}康宁药店${k}号`
      : `${city.name}市${district}${street}${type.label}${k}`;
    const code = `${type.label.includes('药店') ? 'P' : 'H'}14${city.code}${String(k).padStart(7, '0')}`;
    const commitment = type.label.includes('药店') ? (rnd() < 0.5 ? '按照中选价销售' : '按不高于中选价加价15%销售') : '';
    inst.line(csv([name, code, type.label, `山西省${city.name}市${district}${street}${no}号`, lng.toFixed(6), lat.toFixed(6),
      `0351-${String(1000000 + Math.floor(rnd() * 8999999))}`, '08:00-22:00', commitment]));
    institutions.push({ code, lat, lng });
    offerWeight.push(type.offers * (0.5 + rnd()));
  }
  inst.close();

  // ── prices: each institution offers a share of the catalog, popular products first
  const totalWeight = offerWeight.reduce((a, b) => a + b, 0);
  const counts = offerWeight.map((w) => Math.min(size.products, Math.floor((size.offers * w) / totalWeight)));
  let missing = size.offers - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % counts.length) {
    if (counts[i]! < size.products) {
      counts[i]!++;
      missing--;
    }
  }
  const deltaRnd = prng(seed ^ 0x5eed);
  const full = lineWriter(files.prices);
  const delta = lineWriter(files.pricesDelta);
  const header = '机构医保编码,药品统一编码,销售价,网售价,库存数量,更新时间';
  full.line(header);
  delta.line(header);
  let deltaChanged = 0;
  const chosen = new Set<number>();
  for (let i = 0; i < institutions.length; i++) {
    const ic = institutions[i]!.code;
    const n = counts[i]!;
    chosen.clear();
    // draw popular products until n distinct; past half the catalog, fill in order (rare)
    let tries = 0;
    while (chosen.size < n && tries < n * 8) {
      chosen.add(pickIndex(rnd()));
      tries++;
    }
    for (let p = 0; chosen.size < n; p++) chosen.add(p);
    for (const pi of chosen) {
      const w = winning[pi]!;
      const sell = rnd() < 0.4 ? w : Math.round(w * (1 + 0.15 * rnd()));
      const online = rnd() < 0.3 ? yuan(sell) : '';
      const stock = rnd() < 0.15 ? '' : String(Math.floor(rnd() * 200));
      const day = `2026-11-${String(10 + Math.floor(rnd() * 10)).padStart(2, '0')} 09:30`;
      const code = products[pi]!.code;
      full.line(`${ic},${code},${yuan(sell)},${online},${stock},${day}`);
      if (deltaRnd() < 0.01) {
        // the nightly delta: 1 % of prices move by a few fen to a few yuan
        const next = Math.max(1, sell + (deltaRnd() < 0.5 ? -1 : 1) * (1 + Math.floor(deltaRnd() * 300)));
        if (next !== sell) deltaChanged++;
        delta.line(`${ic},${code},${yuan(next)},${online && yuan(next)},${stock},2026-11-21 09:30`);
      } else {
        delta.line(`${ic},${code},${yuan(sell)},${online},${stock},${day}`);
      }
    }
  }
  full.close();
  delta.close();
  return {
    dir,
    files,
    products,
    institutions,
    offers: size.offers,
    deltaChanged,
    pickProduct: (r) => products[pickIndex(r())]!,
  };
}
