import { Text, View } from '@tarojs/components';
import type { Offer } from '@yaojia/shared';
import { formatDistance } from '../../lib/format';
import { BadgeTag } from '../BadgeTag';
import { OfferPrice } from '../OfferPrice';
import { Tap } from '../Tap';
import './index.scss';

export interface InstitutionCardProps {
  /** the offers of one institution (one or more products of the 通用名 asked for), cheapest first */
  offers: Offer[];
  /** name the product in each row (the page asked for a 通用名, not one product) */
  showProduct?: boolean;
  now?: Date;
  onOpen: () => void;
  onReport: (offer: Offer) => void;
}

/** Offers of a page grouped by institution, keeping the page's order of first appearance. */
export function groupByInstitution(offers: readonly Offer[]): Offer[][] {
  const groups = new Map<number, Offer[]>();
  for (const o of offers) {
    const g = groups.get(o.institution.id);
    if (g) g.push(o);
    else groups.set(o.institution.id, [o]);
  }
  return [...groups.values()];
}

/**
 * One card per institution: its name, distance, type and badges once, then each of its products (maker,
 * pack, both prices, per day). The rule the prices were judged by is explained once on the page.
 */
export function OfferCard({ offers, showProduct, now, onOpen, onReport }: InstitutionCardProps) {
  const first = offers[0]!;
  const inst = first.institution;
  return (
    <View className='offer-card' data-testid='offer-card' data-institution={inst.id}>
      <View className='offer-card__head' onClick={onOpen} ariaRole='link'>
        <View className='offer-card__title'>
          <Text className='offer-card__name'>{inst.name}</Text>
          <Text className='offer-card__distance'>{formatDistance(first.distanceKm)}</Text>
        </View>
        <View>
          <Text className='offer-card__type'>{inst.typeLabel}</Text>
          {inst.badges.map((b) => (
            <BadgeTag key={b.kind} badge={b} />
          ))}
        </View>
      </View>
      {offers.map((o) => (
        <View key={o.id} className='offer-card__product'>
          <OfferPrice offer={o} showName={showProduct} now={now} />
          <Tap kind='plain' small className='offer-card__report' onTap={() => onReport(o)} label={`${o.product.spec} ${o.product.maker} 价格不符？反馈`}>
            价格不符？反馈
          </Tap>
        </View>
      ))}
      <Tap kind='secondary' block onTap={onOpen} label={`查看${inst.name}`}>
        查看机构 · 地址电话
      </Tap>
    </View>
  );
}
