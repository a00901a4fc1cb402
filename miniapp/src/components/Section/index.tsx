import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface SectionProps {
  title?: string;
  extra?: ReactNode;
  children: ReactNode;
}

export function Section({ title, extra, children }: SectionProps) {
  return (
    <View className='section'>
      {(title || extra) && (
        <View className='section__head'>
          {title && <Text className='section__title'>{title}</Text>}
          {extra}
        </View>
      )}
      {children}
    </View>
  );
}
