import { Text, View } from '@tarojs/components';
import type { Markup } from '@yaojia/shared';
import { formatRatio } from '../../lib/format';
import { markupTone } from '../../lib/markup';
import './index.scss';

export interface MarkupLabelProps {
  markup: Markup;
  /** show which rule the price was judged by */
  showRule?: boolean;
}

/** 江西 / 宁夏 markups depend on the pharmacy's 量价比较指数: say which verdict the price was judged by */
const INDEX_WORDS = { met: '按量价比较指数达标计', not_met: '量价比较指数未达标，不可加价', unknown: '量价比较指数未评定，暂按承诺计' } as const;

/** The markup verdict in words and colour, never colour alone, with the rule it was judged by. */
export function MarkupLabel({ markup, showRule = true }: MarkupLabelProps) {
  const tone = markupTone(markup.status);
  return (
    <View className='markup' style={{ color: tone.color, background: tone.background }}>
      <Text className='markup__words'>
        {markup.label || tone.words}
        {markup.status !== 'equal' ? `（${formatRatio(markup.ratio)}）` : ''}
        {!showRule && (markup.status === 'above_rule' || markup.status === 'within_rule') ? ` · 上限 ¥${markup.cap}` : ''}
      </Text>
      {!showRule && markup.rule.priceIndex && (
        <Text className='markup__rule' data-testid='markup-index'>
          {INDEX_WORDS[markup.rule.priceIndex]}
        </Text>
      )}
      {showRule && <Text className='markup__rule'>依据：{markup.rule.name}；上限 ¥{markup.cap}</Text>}
    </View>
  );
}
