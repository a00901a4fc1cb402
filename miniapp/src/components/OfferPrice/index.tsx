import { Text, View } from '@tarojs/components';
import type { Offer } from '@yaojia/shared';
// a subpath, not the package index: a value import from '@yaojia/shared' bundles TypeBox and pinyin-pro
import { amountCostText, dailyCostText } from '@yaojia/shared/domain/ddd';
import { parseYuan } from '@yaojia/shared/domain/money';
import { formatFreshness, packText, shortMaker, unitPriceText, yuanText } from '../../lib/format';
import { STOCK_WORDS } from '../../lib/stock';
import { MarkupLabel } from '../MarkupLabel';
import './index.scss';

export type OfferPriceData = Pick<
  Offer,
  'product' | 'sellingPrice' | 'onlinePrice' | 'winningPrice' | 'unitSellingPrice' | 'unitWinningPrice' | 'markup' | 'stock' | 'updatedAt' | 'stale'
>;

export interface OfferPriceProps {
  offer: OfferPriceData;
  /** the product line (通用名 规格 · maker); off where the page header already names the one product */
  showName?: boolean;
  /** the rule the markup was judged by; a list shows it once for the page instead */
  showRule?: boolean;
  now?: Date;
}

/** What a day of treatment costs by the WHO DDD, else what a mg costs; for the same amount of medicine. */
export function perDayTexts(o: Pick<OfferPriceData, 'product' | 'sellingPrice'>): { day: string; month: string } | { amount: string } | null {
  const fen = parseYuan(o.sellingPrice);
  if (fen === null) return null;
  const daily = dailyCostText(o.product.name, o.product.spec, fen, o.product.conversionRatio);
  if (daily) return daily;
  const amount = amountCostText(o.product.spec, fen, o.product.conversionRatio);
  return amount ? { amount } : null;
}

/**
 * One product's price at one institution: 销售价 for its pack beside the 中选价 (双标签), per smallest unit
 * and per day of treatment, the markup verdict, stock and freshness. Elder mode enlarges it; it never drops
 * the strength, maker, pack or per-unit price that tell two products apart.
 */
export function OfferPrice({ offer: o, showName = true, showRule = false, now }: OfferPriceProps) {
  const p = o.product;
  const per = perDayTexts(o);
  return (
    <View className='offer-price' data-testid='offer-price' data-code={p.code}>
      <Text className='offer-price__product'>
        {showName ? `${p.name} ${p.spec} · ` : `${p.spec} · `}
        {shortMaker(p.maker)} · <Text className='offer-price__pack'>{packText(p)}</Text>
      </Text>
      <View className='offer-price__row'>
        <View className='offer-price__main'>
          <Text className='offer-price__label'>销售价</Text>
          <Text className='offer-price__selling' data-testid='selling-price'>
            {yuanText(o.sellingPrice)}
          </Text>
          <Text className='offer-price__per'>/{p.packUnit}</Text>
        </View>
        <View className='offer-price__main'>
          <Text className='offer-price__label'>中选价</Text>
          <Text className='offer-price__winning'>{yuanText(o.winningPrice)}</Text>
          <Text className='offer-price__per'>/{p.packUnit}</Text>
        </View>
      </View>
      <Text className='offer-price__unit'>
        <Text data-testid='unit-price'>{unitPriceText(o.unitSellingPrice, p.unit)}</Text>
        {per && 'day' in per && (
          <Text className='offer-price__day' data-testid='per-day'>
            {' · '}
            {per.day} · {per.month}
          </Text>
        )}
        {per && 'amount' in per && <Text className='offer-price__day'>{` · ${per.amount}`}</Text>}
      </Text>
      <MarkupLabel markup={o.markup} showRule={showRule} />
      <View className='offer-price__meta'>
        <Text className={`offer-price__stock offer-price__stock--${o.stock}`}>{STOCK_WORDS[o.stock]}</Text>
        <Text>{formatFreshness(o.updatedAt, now)}</Text>
        {o.stale && <Text className='offer-price__warn'>⚠ 价格可能已过期</Text>}
        {o.onlinePrice && o.onlinePrice !== o.sellingPrice && <Text className='offer-price__warn'>线上价 ¥{o.onlinePrice} 与店内不一致</Text>}
      </View>
    </View>
  );
}
