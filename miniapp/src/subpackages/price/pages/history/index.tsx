import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Page } from '../../../../components/Page';
import { PriceChart } from '../../../../components/PriceChart';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { usePriceHistory } from '../../../../hooks/api';
import { formatDate, yuanText } from '../../../../lib/format';
import { param } from '../../../../lib/routes';
import './index.scss';

export default function History() {
  const router = useRouter();
  const institutionId = Number(param(router.params, 'institutionId'));
  const code = param(router.params, 'code') ?? null;
  const name = param(router.params, 'name') ?? '';
  const institution = param(router.params, 'institution') ?? '';
  const hist = usePriceHistory(Number.isInteger(institutionId) && institutionId > 0 ? institutionId : null, code);
  const items = hist.data?.items ?? [];

  return (
    <Page>
      <Section title={name || '价格走势'}>
        {institution && (
          <Text className='hist__where' data-testid='history-institution'>
            {institution}的销售价
          </Text>
        )}
        <StateView loading={hist.loading} error={hist.error} empty={items.length === 0} emptyText='暂无历史价格记录' onRetry={hist.reload}>
          {hist.data && items.length === 1 && (
            <Text className='hist__single' data-testid='history-single'>
              暂无历史变动：自公示以来一直是 {yuanText(items[0]!.sellingPrice)}（中选价 ¥{hist.data.winningPrice}）
            </Text>
          )}
          {hist.data && items.length > 1 && <PriceChart items={items} winningPrice={hist.data.winningPrice} />}
        </StateView>
      </Section>
      {items.length > 0 && hist.data && (
        <Section title='每次记录'>
          {[...items].reverse().map((i) => (
            <View key={i.observedAt} className='hist__row'>
              <Text>{formatDate(i.observedAt)}</Text>
              <Text className={Number(i.sellingPrice) > Number(hist.data?.winningPrice) ? 'hist__above' : ''}>
                {yuanText(i.sellingPrice)}
                {i.onlinePrice && i.onlinePrice !== i.sellingPrice ? `（线上 ${yuanText(i.onlinePrice)}）` : ''}
              </Text>
            </View>
          ))}
        </Section>
      )}
    </Page>
  );
}
