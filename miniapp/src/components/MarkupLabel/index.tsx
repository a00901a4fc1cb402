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
      {showRule && <Text className='markup__rule'>依据：{markup.rule.name}；上限 ¥{markup.cap}</Text>}
    </View>
  );
}
