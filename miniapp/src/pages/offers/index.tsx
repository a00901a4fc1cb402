import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useReducer, useState } from 'react';
import { AddToMyMeds } from '../../components/AddToMyMeds';
import { Chip } from '../../components/Chip';
import { OfferCard } from '../../components/OfferCard';
import { Page } from '../../components/Page';
import { StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { useOffers, useSupplyAlerts } from '../../hooks/api';
import { formatYuan } from '../../lib/format';
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

  return (
    <Page>
      <View className='offers__summary' data-testid='offers-summary'>
        <Text className='offers__title'>{title}</Text>
        <View className='offers__stats'>
          <View className='offers__stat'>
            <Text className='offers__stat-label'>中选价</Text>
            <Text className='offers__stat-value'>{formatYuan(data?.summary.winningPrice)}</Text>
          </View>
          <View className='offers__stat'>
            <Text className='offers__stat-label'>{prefs.coords ? '附近机构' : '出售机构'}</Text>
            <Text className='offers__stat-value'>{data ? `${data.summary.institutions} 家` : '—'}</Text>
          </View>
          <View className='offers__stat'>
            <Text className='offers__stat-label'>最低销售价</Text>
            <Text className='offers__stat-value'>{formatYuan(data?.summary.lowestPrice)}</Text>
          </View>
        </View>
      </View>

      {code && <AddToMyMeds product={data?.items.find((o) => o.product.code === code)?.product} />}

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
        <View className='offers__notice'>
          <Text>未定位，暂按价格排序。</Text>
          <Tap kind='plain' onTap={() => void Taro.reLaunch({ url: routes.home() })}>
            去选择城市
          </Tap>
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
        <View data-testid='offer-list' className={offers.loading ? 'offers__list--loading' : ''}>
          {data?.items.map((o) => (
            <OfferCard
              key={o.id}
              offer={o}
              simple={prefs.elderMode}
              showProduct={!code}
              onOpen={() => void Taro.navigateTo({ url: routes.institution(o.institution.id, o.product.code) })}
              onReport={() =>
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
    </Page>
  );
}
