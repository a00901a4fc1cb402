import { Text, View } from '@tarojs/components';
import { formatUnitPrice, formatYuan } from '../../lib/format';
import './index.scss';

export interface PriceTagProps {
  sellingPrice: string;
  winningPrice: string;
  unitSellingPrice?: string;
  unitWinningPrice?: string;
  unit?: string;
  /** elder mode: the two prices only */
  simple?: boolean;
}

/** 双标签: the institution's 销售价 beside the 集采 中选价, as the seeds require them shown together. */
export function PriceTag({ sellingPrice, winningPrice, unitSellingPrice, unitWinningPrice, unit, simple }: PriceTagProps) {
  return (
    <View className='price-tag'>
      <View className='price-tag__col'>
        <Text className='price-tag__label'>销售价</Text>
        <Text className='price-tag__value price-tag__value--selling'>{formatYuan(sellingPrice)}</Text>
        {!simple && unitSellingPrice && unit && <Text className='price-tag__unit'>{formatUnitPrice(unitSellingPrice, unit)}</Text>}
      </View>
      <View className='price-tag__col'>
        <Text className='price-tag__label'>中选价</Text>
        <Text className='price-tag__value'>{formatYuan(winningPrice)}</Text>
        {!simple && unitWinningPrice && unit && <Text className='price-tag__unit'>{formatUnitPrice(unitWinningPrice, unit)}</Text>}
      </View>
    </View>
  );
}
