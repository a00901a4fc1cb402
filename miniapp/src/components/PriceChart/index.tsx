import { Text, View } from '@tarojs/components';
import { buildChart } from '../../lib/chart';
import './index.scss';

export interface PriceChartProps {
  items: ReadonlyArray<{ sellingPrice: string; observedAt: string }>;
  winningPrice: string;
}

/** 销售价 over time (bars) against the 中选价 (dashed line), drawn with views: no canvas, no library. */
export function PriceChart({ items, winningPrice }: PriceChartProps) {
  const chart = buildChart(items, winningPrice);
  return (
    <View className='chart' ariaLabel={`价格走势，共 ${chart.points.length} 次记录，中选价 ${winningPrice} 元`}>
      <View className='chart__plot'>
        <View className='chart__ref' style={{ bottom: `${chart.referencePct}%` }}>
          <Text className='chart__ref-label'>中选价 ¥{winningPrice}</Text>
        </View>
        {chart.points.map((p, i) => (
          <View key={i} className='chart__col'>
            <Text className='chart__value'>{p.price.toFixed(2)}</Text>
            <View className={`chart__bar ${p.aboveReference ? 'chart__bar--above' : ''}`} style={{ height: `${p.heightPct}%` }} />
          </View>
        ))}
      </View>
      <View className='chart__axis'>
        {chart.points.map((p, i) => (
          <Text key={i} className='chart__tick'>
            {p.label}
          </Text>
        ))}
      </View>
      <View className='chart__legend'>
        <Text className='chart__legend-item'>■ 销售价（元）</Text>
        <Text className='chart__legend-item chart__legend-item--above'>■ 高于中选价</Text>
        <Text className='chart__legend-item chart__legend-item--ref'>--- 中选价</Text>
      </View>
    </View>
  );
}
