import { Text } from '@tarojs/components';
import type { Badge } from '@yaojia/shared';
import { formatDate } from '../../lib/format';
import './index.scss';

export interface BadgeTagProps {
  badge: Badge;
  withDate?: boolean;
}

/** 集采便民药店 / 集采便民民营医院, granted by the bureau. */
export function BadgeTag({ badge, withDate }: BadgeTagProps) {
  return (
    <Text className='badge-tag'>
      ★ {badge.label}
      {withDate ? `（${formatDate(badge.grantedAt)}授予）` : ''}
    </Text>
  );
}
