import { Text, View } from '@tarojs/components';
import type { ProductSummary } from '@yaojia/shared';
import Taro, { useRouter } from '@tarojs/taro';
import { Page } from '../../components/Page';
import { StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { unpublishedText } from '../../components/CityPicker';
import { useDrugSearch, useNearbySummary, useRegions } from '../../hooks/api';
import { perDayTexts } from '../../components/OfferPrice';
import { BrandCard } from '../../components/BrandCard';
import { brandNotice, savingText } from '../../lib/brand';
import { packText, shortMaker, unitPriceText, yuanText } from '../../lib/format';
import { roundCoords } from '../../lib/location';
import { param, routes } from '../../lib/routes';
import { useMemo } from 'react';
import { usePrefs } from '../../store/prefs';
import './index.scss';

export default function Results() {
  const router = useRouter();
  const q = param(router.params, 'q') ?? '';
  const { region, elderMode, coords } = usePrefs();
  const search = useDrugSearch(q, region);
  const items = search.data?.items ?? [];
  // the answer, not another list: each product's own nearby count and lowest price (one product per row,
  // never a lowest across packs), asked once the results are known and only when a position is
  const codes = items.flatMap((g) => g.products.map((p) => p.code)).slice(0, 50);
  const nearbyQuery = useMemo(() => {
    if (!coords || codes.length === 0) return null;
    const c = roundCoords(coords);
    return { codes: codes.join(','), region: region ?? undefined, lat: c.lat, lng: c.lng, radiusKm: NEARBY_KM };
  }, [coords?.lat, coords?.lng, region, codes.join(',')]);
  const nearby = useNearbySummary(nearbyQuery);
  const nearbyByCode = new Map((nearby.data?.items ?? []).map((n) => [n.code, n]));
  const regionInfo = useRegions().data?.items.find((r) => r.slug === region) ?? null;
  // a region whose bureau has published nothing says so, instead of "not found" for a word that is fine
  const unpublished = regionInfo && !regionInfo.lastPublishedAt ? unpublishedText(regionInfo) : null;

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
        emptyText={unpublished ?? '没有找到这个药品'}
        emptyHint={unpublished ? <Text className='results__hint'>当地医保部门发布后即可查询；可以先切换到其他城市看看。</Text> : <Text className='results__hint'>试试通用名（如“氨氯地平”）、商品名或拼音首字母；这个药品也可能不在本地集采目录中。</Text>}
        onRetry={search.reload}
      >
        {items.map((g) => (
          <View key={g.genericName} className='group' data-testid='drug-group'>
            <View className='group__head'>
              <Text className='group__name'>{g.genericName}</Text>
              {g.therapeuticArea && <Text className='group__area'>{g.therapeuticArea}</Text>}
            </View>
            {g.brand && <BrandCard group={{ ...g, brand: g.brand }} />}
            {!g.brand && brandNotice(q, g) && (
              <Text className='group__not-brand' data-testid='brand-notice'>
                {brandNotice(q, g)}
              </Text>
            )}
            {g.brandNames.length > 0 && <Text className='group__brands'>中选产品商品名：{g.brandNames.join('、')}</Text>}
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
                  <Text className='product__maker'>
                    {shortMaker(p.maker)} · {packText(p)}
                  </Text>
                  {p.special && <Text className='product__flag'>特药：仅限特药定点机构</Text>}
                  {g.brand && p.monthlySaving && (
                    <Text className='product__saving' data-testid='product-saving'>
                      {savingText(g.brand, p.monthlySaving)}
                    </Text>
                  )}
                  {nearbyQuery && <NearbyLine n={nearbyByCode.get(p.code)} unit={p.packUnit} loading={nearby.loading} />}
                </View>
                <View className='product__price'>
                  <Text className='product__label'>中选价</Text>
                  <Text className='product__value'>
                    {yuanText(p.winningPrice)}/{p.packUnit}
                  </Text>
                  <Text className='product__unit'>{unitPriceText(p.unitWinningPrice, p.unit)}</Text>
                  <ProductPerDay p={p} />
                </View>
                <Text className='product__go'>›</Text>
              </View>
            ))}
            {/* the answer lists a group's cheapest products only (productCount: how many it has) */}
            {(g.productCount ?? g.products.length) > 1 && (
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

function ProductPerDay({ p }: { p: ProductSummary }) {
  const t = perDayTexts({ product: { ...p, name: p.name }, sellingPrice: p.winningPrice } as Parameters<typeof perDayTexts>[0]);
  if (!t) return null;
  return <Text className='product__unit'>{'day' in t ? t.day : t.amount}</Text>;
}

const NEARBY_KM = 10;

function NearbyLine({ n, unit, loading }: { n: { institutions: number; lowestPrice: string | null } | undefined; unit: string; loading: boolean }) {
  if (!n) return loading ? <Text className='product__nearby product__nearby--muted'>正在查附近价格…</Text> : null;
  if (n.institutions === 0 || n.lowestPrice === null) {
    return (
      <Text className='product__nearby product__nearby--muted' data-testid='product-nearby'>
        附近 {NEARBY_KM} 公里内暂无报价
      </Text>
    );
  }
  return (
    <Text className='product__nearby' data-testid='product-nearby'>
      附近 {n.institutions} 家 · 最低 {yuanText(n.lowestPrice)}/{unit}
    </Text>
  );
}
