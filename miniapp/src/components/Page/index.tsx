import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { usePrefs } from '../../store/prefs';
import './index.scss';

export interface PageProps {
  children: ReactNode;
  className?: string;
}

/** Page root: applies elder mode (large type, simplified cards) everywhere at once. */
export function Page({ children, className }: PageProps) {
  const { elderMode } = usePrefs();
  return <View className={`page ${elderMode ? 'elder' : ''} ${className ?? ''}`}>{children}</View>;
}
