import { Text, View } from '@tarojs/components';
import type { Offer } from '@yaojia/shared';
import { formatDistance, formatFreshness } from '../../lib/format';
import { STOCK_WORDS } from '../../lib/stock';
import { BadgeTag } from '../BadgeTag';
import { MarkupLabel } from '../MarkupLabel';
import { PriceTag } from '../PriceTag';
import { Tap } from '../Tap';
import './index.scss';

export interface OfferCardProps {
  offer: Offer;
  /** elder mode: name, distance, the two prices, the verdict */
  simple?: boolean;
  showProduct?: boolean;
  now?: Date;
  onOpen: () => void;
  onReport: () => void;
}

export function OfferCard({ offer, simple, showProduct, now, onOpen, onReport }: OfferCardProps) {
  const inst = offer.institution;
  return (
    <View className='offer-card' data-testid='offer-card'>
      <View className='offer-card__head' onClick={onOpen} ariaRole='link'>
        <View className='offer-card__title'>
          <Text className='offer-card__name'>{inst.name}</Text>
          <Text className='offer-card__distance'>{formatDistance(offer.distanceKm)}</Text>
        </View>
        <View>
          <Text className='offer-card__type'>{inst.typeLabel}</Text>
          {inst.badges.map((b) => (
            <BadgeTag key={b.kind} badge={b} />
          ))}
        </View>
        {showProduct && !simple && (
          <Text className='offer-card__product'>
            {offer.product.name} {offer.product.spec} · {offer.product.maker}
          </Text>
        )}
      </View>
      <PriceTag
        sellingPrice={offer.sellingPrice}
        winningPrice={offer.winningPrice}
        unitSellingPrice={offer.unitSellingPrice}
        unitWinningPrice={offer.unitWinningPrice}
        unit={offer.product.unit}
        simple={simple}
      />
      <MarkupLabel markup={offer.markup} showRule={!simple} />
      <View className='offer-card__meta'>
        <Text className={`offer-card__stock offer-card__stock--${offer.stock}`}>{STOCK_WORDS[offer.stock]}</Text>
        <Text className='offer-card__fresh'>{formatFreshness(offer.updatedAt, now)}</Text>
        {offer.stale && <Text className='offer-card__stale'>⚠ 价格可能已过期</Text>}
      </View>
      <View className='offer-card__actions'>
        <Tap kind='secondary' onTap={onOpen} label={`查看${inst.name}`}>
          查看机构
        </Tap>
        <Tap kind='plain' onTap={onReport} label='价格不符？反馈'>
          价格不符？反馈
        </Tap>
      </View>
    </View>
  );
}
