import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useReducer, useState } from 'react';
import { AddToMyMeds } from '../../components/AddToMyMeds';
import { AlertSubscribe } from '../../components/AlertSubscribe';
import type { Offer } from '@yaojia/shared';
import { Chip } from '../../components/Chip';
import { groupByInstitution, OfferCard } from '../../components/OfferCard';
import { perDayTexts } from '../../components/OfferPrice';
import { Page } from '../../components/Page';
import { StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { useOffers, useRegions, useSupplyAlerts } from '../../hooks/api';
import { packText, yuanText } from '../../lib/format';
import { call } from '../../lib/platform';
import { regionLabel } from '../../lib/regions';
import {
  activeFilterCount,
  buildOffersQuery,
  DEFAULT_FILTERS,
  effectiveSort,
  INSTITUTION_TYPE_FILTERS,
  offerFiltersReducer,
  RADIUS_OPTIONS_KM,
  SORT_OPTIONS,
} from '../../lib/offers-query';
import { param, routes } from '../../lib/routes';
import { usePrefs } from '../../store/prefs';
import './index.scss';

const PAGE = 20;

export default function Offers() {
  const router = useRouter();
  const code = param(router.params, 'code');
  const generic = param(router.params, 'generic');
  const title = param(router.params, 'title') ?? generic ?? '药品';
  const prefs = usePrefs();
  const [filters, dispatch] = useReducer(offerFiltersReducer, DEFAULT_FILTERS);
  const [showFilters, setShowFilters] = useState(false);
  const [limit, setLimit] = useState(PAGE);

  const query = useMemo(
    () => (code || generic ? buildOffersQuery({ code, generic, region: prefs.region }, filters, prefs.coords, { limit, offset: 0 }) : null),
    [code, generic, prefs.region, filters, prefs.coords, limit],
  );
  const offers = useOffers(query);
  // 供应紧张 (issue 7): a shortage reported in the region, or many institutions out of stock
  const supply = useSupplyAlerts(prefs.region, { code, genericName: generic });
  const alerts = supply.data?.items ?? [];
  const data = offers.data;
  const sort = effectiveSort(filters, prefs.coords);
  const nFilters = activeFilterCount(filters);
  const regions = useRegions();
  const region = regions.data?.items.find((r) => r.slug === prefs.region) ?? null;
  const [locating, setLocating] = useState(false);
  const cards = useMemo(() => groupByInstitution(data?.items ?? []), [data]);
  // a header never mixes products: one product's 中选价 and lowest price with its pack, or, for several
  // specs and packs of a 通用名, the count and the cheapest day of treatment among those shown
  const products = useMemo(() => distinctProducts(data?.items ?? []), [data]);
  const single = code ? (products[0] ?? null) : products.length === 1 ? products[0]! : null;
  const cheapestDay = useMemo(() => cheapestPerDay(data?.items ?? []), [data]);
  // the rule explanation once per page, not on every card
  const rules = useMemo(() => [...new Set((data?.items ?? []).map((o) => o.markup.rule.name))], [data]);

  async function locate() {
    setLocating(true);
    try {
      const state = await prefs.requestLocation(regions.data?.items ?? []);
      if (state.status === 'denied') void Taro.showToast({ title: '未能定位，请选择城市', icon: 'none' });
    } finally {
      setLocating(false);
    }
  }

  return (
    <Page>
      <View className='offers__summary' data-testid='offers-summary'>
        <Text className='offers__title'>{title}</Text>
        {single ? (
          <View className='offers__stats'>
            <View className='offers__stat'>
              <Text className='offers__stat-label'>中选价</Text>
              <Text className='offers__stat-value'>{yuanText(single.winningPrice)}</Text>
              <Text className='offers__stat-label'>{packText(single.product)}</Text>
            </View>
            <View className='offers__stat'>
              <Text className='offers__stat-label'>{prefs.coords ? '附近机构' : '出售机构'}</Text>
              <Text className='offers__stat-value'>{data ? `${data.summary.institutions} 家` : '—'}</Text>
            </View>
            <View className='offers__stat'>
              <Text className='offers__stat-label'>最低销售价</Text>
              <Text className='offers__stat-value'>{code ? yuanText(data?.summary.lowestPrice) : yuanText(single.sellingPrice)}</Text>
              <Text className='offers__stat-label'>{packText(single.product)}</Text>
            </View>
          </View>
        ) : (
          <View className='offers__stats'>
            <View className='offers__stat'>
              <Text className='offers__stat-label'>规格和包装</Text>
              <Text className='offers__stat-value'>{data ? `${products.length} 种` : '—'}</Text>
            </View>
            <View className='offers__stat'>
              <Text className='offers__stat-label'>{prefs.coords ? '附近机构' : '出售机构'}</Text>
              <Text className='offers__stat-value'>{data ? `${data.summary.institutions} 家` : '—'}</Text>
            </View>
            <View className='offers__stat'>
              <Text className='offers__stat-label'>每天最低</Text>
              <Text className='offers__stat-value'>{cheapestDay ?? '—'}</Text>
            </View>
          </View>
        )}
        {!single && data && <Text className='offers__hint'>不同规格、包装的价格不能直接比，请看“约 ¥x/天”：按世卫组织限定日剂量估算的每天花费。</Text>}
        {region && <Text className='offers__region'>以下是{regionLabel(region)}公示的价格</Text>}
      </View>

      {code && <AddToMyMeds product={data?.items.find((o) => o.product.code === code)?.product} />}
      {code && <AlertSubscribe code={code} title={title} />}

      {alerts.length > 0 && (
        <View className='offers__supply' ariaRole='alert' data-testid='supply-notice'>
          <Text className='offers__supply-title'>⚠ {alerts[0]?.notice}</Text>
          {alerts.map((a) => (
            <Text key={a.code} className='offers__supply-reason'>
              {alerts.length > 1 ? `${a.productName} ${a.spec}：` : ''}
              {a.reason}
            </Text>
          ))}
          <Text className='offers__supply-hint'>建议先电话确认有货再前往；医保部门已在协调供应。</Text>
        </View>
      )}

      {!prefs.coords && (
        <View className='offers__notice' data-testid='locate-notice'>
          <Text>{prefs.region ? '未定位，暂按价格排序，距离未知。' : '未定位，也没有选择城市：先定位，才能看到您所在地区的价格。'}</Text>
          <View className='offers__notice-actions'>
            <Tap kind='primary' disabled={locating} onTap={() => void locate()} label='使用我的位置'>
              {locating ? '正在定位…' : '使用我的位置'}
            </Tap>
            <Tap kind='secondary' onTap={() => void Taro.reLaunch({ url: routes.home() })}>
              选择城市
            </Tap>
          </View>
        </View>
      )}
      {prefs.location.status === 'manual' && <Text className='offers__hint'>距离按{prefs.location.city.replace(/市$/, '')}市中心估算</Text>}

      <View className='offers__bar' ariaRole='radiogroup' ariaLabel='排序'>
        {SORT_OPTIONS.map((o) => (
          <Chip
            key={o.value}
            text={o.label}
            active={sort === o.value}
            onTap={() => {
              if (o.value === 'distance' && !prefs.coords) {
                void Taro.showToast({ title: '请先定位或选择城市', icon: 'none' });
                return;
              }
              dispatch({ type: 'sort', sort: o.value });
            }}
          />
        ))}
      </View>
      <View className='offers__bar'>
        <Chip text='只看集采便民' active={filters.badgedOnly} onTap={() => dispatch({ type: 'toggleBadged' })} />
        <Chip text='只看有货' active={filters.inStockOnly} onTap={() => dispatch({ type: 'toggleInStock' })} />
        <Chip text={nFilters > 0 ? `更多筛选（${nFilters}）` : '更多筛选'} active={showFilters} onTap={() => setShowFilters(!showFilters)} />
      </View>
      {showFilters && (
        <View className='offers__filters'>
          <Text className='offers__filter-title'>机构类型</Text>
          <View className='offers__bar'>
            {INSTITUTION_TYPE_FILTERS.map((t) => (
              <Chip key={t.label} text={t.label} active={filters.type === t.value} onTap={() => dispatch({ type: 'institutionType', value: t.value })} />
            ))}
          </View>
          {prefs.coords && (
            <>
              <Text className='offers__filter-title'>范围</Text>
              <View className='offers__bar'>
                {RADIUS_OPTIONS_KM.map((km) => (
                  <Chip key={km} text={`${km} 公里内`} active={filters.radiusKm === km} onTap={() => dispatch({ type: 'radius', km })} />
                ))}
              </View>
            </>
          )}
          <Tap kind='plain' onTap={() => dispatch({ type: 'reset' })}>
            清除筛选
          </Tap>
        </View>
      )}

      <View className='offers__tools'>
        <Text className='offers__count'>{data ? `共 ${data.total} 条报价` : ''}</Text>
        <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.map({ code, generic, title }) })}>
          地图查看
        </Tap>
      </View>

      <StateView
        loading={offers.loading && !data}
        error={offers.error}
        empty={(data?.items.length ?? 0) === 0}
        emptyText={nFilters > 0 ? '没有符合筛选条件的机构' : '附近暂未找到出售此药的机构'}
        emptyHint={
          nFilters > 0 ? (
            <Tap kind='secondary' onTap={() => dispatch({ type: 'reset' })}>
              清除筛选
            </Tap>
          ) : (
            <Text className='offers__hint'>可以扩大范围，或拨打本地医保部门电话咨询。</Text>
          )
        }
        onRetry={offers.reload}
      >
        {rules.length > 0 && (
          <Text className='offers__rule' data-testid='rule-note'>
            价格是否合规的依据：{rules.join('；')}
          </Text>
        )}
        <View data-testid='offer-list' className={offers.loading ? 'offers__list--loading' : ''}>
          {cards.map((group) => (
            <OfferCard
              key={group[0]!.institution.id}
              offers={group}
              showProduct={!code}
              onOpen={() => void Taro.navigateTo({ url: routes.institution(group[0]!.institution.id, group[0]!.product.code) })}
              onReport={(o) =>
                void Taro.navigateTo({
                  url: routes.report({
                    institutionId: o.institution.id,
                    institutionName: o.institution.name,
                    productCode: o.product.code,
                    productName: `${o.product.name} ${o.product.spec}`,
                    price: o.sellingPrice,
                  }),
                })
              }
            />
          ))}
        </View>
        {data && data.items.length < data.total && limit < 100 && (
          <Tap kind='secondary' block onTap={() => setLimit(limit + PAGE)}>
            加载更多
          </Tap>
        )}
      </StateView>
      {region && (
        <View className='offers__hotline'>
          <Text className='offers__hint'>价格不符、缺货或被搭售，可拨打医保部门电话</Text>
          <Tap kind='danger' block onTap={() => call(region.hotline)} label={`拨打医保电话 ${region.hotline}`}>
            ☎ 医保电话 {region.hotline}
          </Tap>
        </View>
      )}
    </Page>
  );
}

/** The products of a page, one entry each (its cheapest offer), in the page's order. */
function distinctProducts(items: readonly Offer[]): Offer[] {
  const seen = new Map<string, Offer>();
  for (const o of items) {
    const had = seen.get(o.product.code);
    if (!had || Number(o.sellingPrice) < Number(had.sellingPrice)) seen.set(o.product.code, o);
  }
  return [...seen.values()];
}

/** "约 ¥0.10/天": the cheapest day of treatment among the offers shown, or null without a DDD. */
function cheapestPerDay(items: readonly Offer[]): string | null {
  let best: { fen: number; text: string } | null = null;
  for (const o of items) {
    const t = perDayTexts(o);
    if (!t || !('day' in t)) continue;
    const fen = Number(/¥([\d.]+)/.exec(t.day)?.[1] ?? Infinity);
    if (!best || fen < best.fen) best = { fen, text: t.day };
  }
  return best?.text ?? null;
}
