import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { ApiError } from '../../api';
import { Tap } from '../Tap';
import './index.scss';

export interface StateViewProps {
  loading: boolean;
  error: ApiError | null;
  empty: boolean;
  emptyText?: string;
  emptyHint?: ReactNode;
  onRetry?: () => void;
  children?: ReactNode;
}

/** Loading, error (with 重试) and empty states in one place, so no page is ever blank. */
export function StateView({ loading, error, empty, emptyText = '暂无数据', emptyHint, onRetry, children }: StateViewProps) {
  if (error) {
    return (
      <View className='state state--error' ariaRole='alert'>
        <Text className='state__title'>{error.message}</Text>
        {error.retryable && <Text className='state__hint'>可能是网络或服务暂时出问题</Text>}
        {onRetry && (
          <Tap kind='primary' onTap={onRetry} label='重试'>
            重试
          </Tap>
        )}
      </View>
    );
  }
  if (loading) {
    return (
      <View className='state state--loading' ariaRole='status'>
        <View className='state__spinner' />
        <Text className='state__hint'>正在加载…</Text>
      </View>
    );
  }
  if (empty) {
    return (
      <View className='state state--empty'>
        <Text className='state__title'>{emptyText}</Text>
        {emptyHint}
      </View>
    );
  }
  return <>{children}</>;
}
