import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { AlertKind } from '@yaojia/shared';
import { useState } from 'react';
import { subscribeAlert } from '../../hooks/api';
import { subscribedText } from '../../lib/alerts';
import { routes } from '../../lib/routes';
import { usePrefs } from '../../store/prefs';
import { Chip } from '../Chip';
import { Tap } from '../Tap';
import './index.scss';

export interface AlertSubscribeProps {
  /** 医保药品编码 of the product */
  code: string;
  /** 通用名 + 规格, for screen readers */
  title: string;
  /** a list row: smaller, no link to 我的提醒 */
  compact?: boolean;
  /**
   * 同成分同规格可换厂家: the alert also follows other makers' products of the same 通用名 + 规格. Given (the
   * 我的常用药 list's setting): used as is; not given (an offers page): a chip the citizen can turn off, on by default.
   */
  substitute?: boolean;
}

/**
 * "降价提醒" and "到货提醒" for one product near the citizen (the district of their position or city;
 * the position itself is not kept). In WeChat the message arrives as a subscribe message; on H5 in 我的提醒.
 */
export function AlertSubscribe({ code, title, compact, substitute }: AlertSubscribeProps) {
  const prefs = usePrefs();
  const [busy, setBusy] = useState<AlertKind | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [anyMaker, setAnyMaker] = useState(true);
  const follow = substitute ?? anyMaker;

  async function subscribe(kind: AlertKind) {
    setBusy(kind);
    try {
      const sub = await subscribeAlert({
        kind,
        code,
        substitute: follow,
        ...(prefs.region ? { region: prefs.region } : {}),
        ...(prefs.coords ? { lat: prefs.coords.lat, lng: prefs.coords.lng } : {}),
      });
      setDone(subscribedText(sub.kind, sub.area, sub.belowPrice, sub.substitute));
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message || '订阅失败，请重试', icon: 'none' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className={`alert-sub ${compact ? 'alert-sub--compact' : ''}`} data-testid='alert-subscribe'>
      <View className='alert-sub__row'>
        <Tap kind='secondary' small disabled={busy !== null} label={`${title} 降价提醒`} onTap={() => void subscribe('price_drop')}>
          {busy === 'price_drop' ? '正在订阅…' : '降价提醒'}
        </Tap>
        <Tap kind='secondary' small disabled={busy !== null} label={`${title} 到货提醒`} onTap={() => void subscribe('restock')}>
          {busy === 'restock' ? '正在订阅…' : '到货提醒'}
        </Tap>
        {!compact && (
          <Tap kind='plain' small label='我的提醒' onTap={() => void Taro.navigateTo({ url: routes.myAlerts() })}>
            我的提醒
          </Tap>
        )}
      </View>
      {substitute === undefined && (
        <View className='alert-sub__row'>
          <Chip text='同成分同规格可换厂家' active={anyMaker} onTap={() => setAnyMaker(!anyMaker)} />
        </View>
      )}
      {done && (
        <Text className='alert-sub__done' data-testid='alert-subscribed'>
          {done}
        </Text>
      )}
    </View>
  );
}
