import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Page } from '../../components/Page';
import { StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { useDrugSearch } from '../../hooks/api';
import { formatUnitPrice, formatYuan } from '../../lib/format';
import { param, routes } from '../../lib/routes';
import { usePrefs } from '../../store/prefs';
import './index.scss';

export default function Results() {
  const router = useRouter();
  const q = param(router.params, 'q') ?? '';
  const { region, elderMode } = usePrefs();
  const search = useDrugSearch(q, region);
  const items = search.data?.items ?? [];

  return (
    <Page>
      <View className='results__head'>
        <Text className='results__q'>“{q}”</Text>
        {search.data && <Text className='results__count'>共 {search.data.total} 个通用名</Text>}
      </View>
      {search.data?.degraded && <Text className='results__notice'>搜索服务繁忙，结果可能不完整</Text>}
      <StateView
        loading={search.loading}
        error={search.error}
        empty={items.length === 0}
        emptyText='没有找到这个药品'
        emptyHint={<Text className='results__hint'>试试通用名（如“氨氯地平”）、商品名或拼音首字母；这个药品也可能不在本地集采目录中。</Text>}
        onRetry={search.reload}
      >
        {items.map((g) => (
          <View key={g.genericName} className='group' data-testid='drug-group'>
            <View className='group__head'>
              <Text className='group__name'>{g.genericName}</Text>
              {g.therapeuticArea && <Text className='group__area'>{g.therapeuticArea}</Text>}
            </View>
            {!elderMode && g.brandNames.length > 0 && <Text className='group__brands'>商品名：{g.brandNames.join('、')}</Text>}
            {!elderMode && <Text className='group__forms'>剂型：{g.dosageForms.join('、')}</Text>}
            {g.products.map((p) => (
              <View
                key={p.code}
                className='product'
                data-testid='product'
                hoverClass='product--hover'
                ariaRole='link'
                onClick={() => void Taro.navigateTo({ url: routes.offers({ code: p.code, title: `${p.name} ${p.spec}` }) })}
              >
                <View className='product__main'>
                  <Text className='product__name'>
                    {p.name} {p.spec}
                  </Text>
                  {!elderMode && <Text className='product__maker'>{p.maker}</Text>}
                  {p.special && <Text className='product__flag'>特药：仅限特药定点机构</Text>}
                </View>
                <View className='product__price'>
                  <Text className='product__label'>中选价</Text>
                  <Text className='product__value'>{formatYuan(p.winningPrice)}</Text>
                  {!elderMode && <Text className='product__unit'>{formatUnitPrice(p.unitWinningPrice, p.unit)}</Text>}
                </View>
                <Text className='product__go'>›</Text>
              </View>
            ))}
            {g.products.length > 1 && (
              <Tap kind='plain' block onTap={() => void Taro.navigateTo({ url: routes.offers({ generic: g.genericName, title: g.genericName }) })}>
                查看全部规格的附近价格
              </Tap>
            )}
          </View>
        ))}
      </StateView>
    </Page>
  );
}
