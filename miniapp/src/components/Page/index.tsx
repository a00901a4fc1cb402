import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { routes } from '../../lib/routes';
import { usePrefs } from '../../store/prefs';
import './index.scss';

export interface PageProps {
  children: ReactNode;
  className?: string;
}

/**
 * Page root: applies elder mode (large type, large taps) everywhere at once. On H5 it also draws the bar a
 * mini-program has built in — a way back and a way home — so someone who opens a shared link is never stuck.
 */
export function Page({ children, className }: PageProps) {
  const { elderMode } = usePrefs();
  return (
    <View className={`page ${elderMode ? 'elder' : ''} ${className ?? ''}`}>
      {process.env.TARO_ENV === 'h5' && <NavBar />}
      {children}
    </View>
  );
}

function NavBar() {
  const pages = Taro.getCurrentPages();
  const route = pages[pages.length - 1]?.route ?? '';
  if (/pages\/index\/index/.test(route)) return null;
  const home = () => void Taro.reLaunch({ url: routes.home() });
  // a deep link opens with no page beneath it: "back" then goes home instead of nowhere
  const back = () => (Taro.getCurrentPages().length > 1 ? void Taro.navigateBack() : home());
  return (
    <View className='navbar' data-testid='navbar'>
      <View className='navbar__btn' ariaRole='button' ariaLabel='返回' onClick={back}>
        <Text>‹ 返回</Text>
      </View>
      <View className='navbar__btn' ariaRole='button' ariaLabel='首页' onClick={home}>
        <Text>⌂ 首页</Text>
      </View>
    </View>
  );
}
