import { Text, View } from '@tarojs/components';
import type { DrugGroup } from '@yaojia/shared';
import { bestSaving, dailyDoseText, savingText } from '../../lib/brand';
import { shortMaker, unitPriceText, yuanText } from '../../lib/format';
import './index.scss';

export interface BrandCardProps {
  /** a search group the API found through a brand (it carries `brand`) */
  group: DrugGroup & { brand: NonNullable<DrugGroup['brand']> };
}

/**
 * From a brand to the 集采 alternative (issue 15 §2): what the searched brand is (商品名, 原研 or not, its
 * 挂网 price per pack and per day) and what switching to the group's 集采 products saves a month at the
 * usual daily dose — with the note that switching is the doctor's or pharmacist's decision.
 */
export function BrandCard({ group }: BrandCardProps) {
  const b = group.brand;
  const best = bestSaving(group);
  const dose = dailyDoseText(b);
  return (
    <View className='brand-card' data-testid='brand-card'>
      <View className='brand-card__head'>
        <Text className='brand-card__name'>{b.name}</Text>
        <Text className={`brand-card__kind ${b.original ? 'brand-card__kind--original' : ''}`}>{b.original ? '原研药' : '非原研'}</Text>
      </View>
      <Text className='brand-card__what'>
        {b.genericName} {b.spec} · {shortMaker(b.maker)}
      </Text>
      <Text className='brand-card__what'>不是集采中选药品；省级平台挂网价：</Text>
      <View className='brand-card__prices'>
        <Text className='brand-card__price'>
          {yuanText(b.listedPrice)}/盒（{b.conversionRatio}{b.unit || '单位'}）
        </Text>
        <Text className='brand-card__unit'>{unitPriceText(b.unitListedPrice, b.unit)}</Text>
        {b.dailyCost && dose && (
          <Text className='brand-card__unit'>
            按每日 {dose}计 约 ¥{b.dailyCost}/天
          </Text>
        )}
      </View>
      {best ? (
        <Text className='brand-card__saving' data-testid='brand-saving'>
          {savingText(b, best.saving)}
        </Text>
      ) : (
        b.equivalence !== 'unsure' && <Text className='brand-card__what'>同规格的集采药品暂无更省的选择。</Text>
      )}
      {best && <Text className='brand-card__hint'>下面是同成分、同规格的集采药品，每个都标出了每月约省多少。</Text>}
      <Text className='brand-card__note' data-testid='brand-note'>
        {b.note}
      </Text>
    </View>
  );
}
