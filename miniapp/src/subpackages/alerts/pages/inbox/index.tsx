import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { unsubscribeAlert, useMyAlerts } from '../../../../hooks/api';
import { isWeapp } from '../../../../lib/alerts';
import { routes } from '../../../../lib/routes';
import './index.scss';

const dateText = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
};

/**
 * 我的提醒: the 降价/到货提醒 delivered to this device (H5: by its anonymous id; WeChat: by the user's
 * login), and the subscriptions, each with 取消 (which deletes it on the server).
 */
export default function MyAlerts() {
  const alerts = useMyAlerts();
  const [removing, setRemoving] = useState<number | null>(null);
  const data = alerts.data;

  async function remove(id: number) {
    setRemoving(id);
    try {
      await unsubscribeAlert(id);
      void Taro.showToast({ title: '已取消提醒', icon: 'none' });
      alerts.reload();
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message || '取消失败，请重试', icon: 'none' });
    } finally {
      setRemoving(null);
    }
  }

  return (
    <Page>
      <Section title='收到的提醒'>
        <StateView
          loading={alerts.loading && !data}
          error={alerts.error}
          empty={(data?.notifications.length ?? 0) === 0}
          emptyText='还没有收到提醒'
          emptyHint={<Text className='alerts__hint'>附近价格降到您订的价格以下，或有机构报告到货时，会在这里告诉您{isWeapp() ? '，并发微信通知' : ''}。</Text>}
          onRetry={alerts.reload}
        >
          <View data-testid='alert-notifications'>
            {data?.notifications.map((n) => (
              <View key={n.id} className='alerts__item' data-testid='alert-notification'>
                <Text className='alerts__title'>{n.title}</Text>
                <Text className='alerts__text'>{n.text}</Text>
                <View className='alerts__meta'>
                  <Text className='alerts__date'>{dateText(n.deliveredAt)}</Text>
                  <Tap kind='plain' small label={`查看${n.institution.name}`} onTap={() => void Taro.navigateTo({ url: routes.institution(n.institution.id, n.code) })}>
                    查看药店
                  </Tap>
                </View>
              </View>
            ))}
          </View>
        </StateView>
      </Section>

      <Section title='我订阅的提醒'>
        {data && data.subscriptions.length === 0 && <Text className='alerts__hint'>还没有订阅。在药品价格页或“我的常用药”里点“降价提醒”“到货提醒”。</Text>}
        <View data-testid='alert-subscriptions'>
          {data?.subscriptions.map((s) => (
            <View key={s.id} className='alerts__sub' data-testid='alert-subscription'>
              <View className='alerts__sub-text'>
                <Text className='alerts__title'>
                  {s.kindLabel}：{s.product}
                  {s.substitute ? '（同成分同规格可换厂家）' : ''}
                </Text>
                <Text className='alerts__text'>
                  {s.kind === 'price_drop' ? `${s.area}有低于 ¥${s.belowPrice ?? '—'} 的价格时提醒` : `${s.area}有机构到货时提醒`}
                  {' · '}
                  {dateText(s.expiresAt)}到期
                </Text>
              </View>
              <Tap kind='plain' small disabled={removing === s.id} label={`取消${s.kindLabel} ${s.product}`} onTap={() => void remove(s.id)}>
                取消
              </Tap>
            </View>
          ))}
        </View>
        <Text className='alerts__hint'>提醒只记住药品、所在区县和本机的匿名编号，不记录您的位置；取消即删除，90 天后自动失效。</Text>
      </Section>
    </Page>
  );
}
