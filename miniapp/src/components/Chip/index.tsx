import { View } from '@tarojs/components';
import './index.scss';

export interface ChipProps {
  text: string;
  active?: boolean;
  onTap: () => void;
}

/** A toggle/choice chip; 44 px tall so it is a real tap target. */
export function Chip({ text, active, onTap }: ChipProps) {
  return (
    <View className={`chip ${active ? 'chip--active' : ''}`} ariaRole='button' ariaLabel={active ? `${text}（已选）` : text} onClick={onTap}>
      {active ? '✓ ' : ''}
      {text}
    </View>
  );
}
