import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { ComplianceResponse } from '@yaojia/shared';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useMyCompliance, usePharmacyToken } from '../../../../hooks/pharmacy';
import { formatDate, yuanText } from '../../../../lib/format';
import { orderChecklist } from '../../../../lib/pharmacy';
import { routes } from '../../../../lib/routes';
import './index.scss';

type Item = ComplianceResponse['items'][number];

/** The compliance checklist: pass/fail per rule, the reason, what to do, the offers concerned. */
export default function Checklist() {
  const token = usePharmacyToken();
  const c = useMyCompliance(token);
  const data = c.data;
  const failed = data?.items.filter((i) => !i.passed).length ?? 0;

  return (
    <Page>
      <StateView loading={c.loading || !token} error={c.error} empty={!data || data.items.length === 0} emptyText='暂无自查项目' onRetry={c.reload}>
        {data && (
          <>
            <View className={`check__summary ${data.passed ? 'check__summary--ok' : 'check__summary--bad'}`} data-testid='check-summary'>
              <Text className='check__summary-title'>{data.passed ? '✓ 全部通过' : `✗ ${failed} 项未通过`}</Text>
              <Text className='check__summary-sub'>
                共 {data.items.length} 项 · 生成于 {formatDate(data.generatedAt)}
              </Text>
            </View>
            {orderChecklist(data.items).map((item) => (
              <CheckCard key={item.id} item={item} />
            ))}
            <View className='check__links'>
              <Tap kind='secondary' block onTap={() => void Taro.navigateTo({ url: routes.pharmacyListing() })}>
                查看我的公示信息
              </Tap>
              <Tap kind='plain' block onTap={c.reload}>
                重新检查
              </Tap>
            </View>
          </>
        )}
      </StateView>
    </Page>
  );
}

function CheckCard({ item }: { item: Item }) {
  const [showQuote, setShowQuote] = useState(false);
  return (
    <Section>
      <View className={`check ${item.passed ? 'check--ok' : 'check--bad'}`} data-testid='check-item' data-check={item.id}>
        <View className='check__head'>
          <Text className={`check__verdict ${item.passed ? 'check__verdict--ok' : 'check__verdict--bad'}`}>{item.passed ? '✓ 通过' : '✗ 未通过'}</Text>
          <Text className='check__title'>{item.title}</Text>
        </View>
        <Text className='check__reason'>{item.reason}</Text>
        {item.action && (
          <View className='check__action'>
            <Text className='check__action-label'>怎么做：</Text>
            <Text>{item.action}</Text>
          </View>
        )}
        {item.offers.length > 0 && (
          <View className='check__offers'>
            {item.offers.map((o) => (
              <View
                key={o.code}
                className='check__offer'
                ariaRole='link'
                ariaLabel={`修改${o.name}的价格`}
                data-testid='check-offer'
                onClick={() => void Taro.navigateTo({ url: routes.pharmacyEdit(o.code) })}
              >
                <View className='check__offer-main'>
                  <Text className='check__offer-name'>
                    {o.name} {o.spec}
                  </Text>
                  <Text className='check__offer-prices'>
                    销售价 {yuanText(o.sellingPrice)}
                    {o.onlinePrice !== null ? ` · 线上 ${yuanText(o.onlinePrice)}` : ''} · 中选价 {yuanText(o.winningPrice)}
                    {o.cap !== null ? ` · 上限 ${yuanText(o.cap)}` : ''}
                  </Text>
                  <Text className='check__offer-date'>价格更新于 {formatDate(o.updatedAt)}</Text>
                </View>
                <Text className='check__offer-go'>修改 ›</Text>
              </View>
            ))}
          </View>
        )}
        <Tap kind='plain' onTap={() => setShowQuote(!showQuote)} label={showQuote ? '收起依据' : '依据'}>
          {showQuote ? '收起依据 ▲' : '依据 ▼'}
        </Tap>
        {showQuote && (
          <View className='check__quote' data-testid='check-quote'>
            <Text className='check__quote-text'>“{item.quote}”</Text>
            <Text className='check__quote-seed'>—— {item.seed}</Text>
          </View>
        )}
      </View>
    </Section>
  );
}
