import { Map, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { Page } from '../../../../components/Page';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useOffers } from '../../../../hooks/api';
import { formatDistance, yuanText } from '../../../../lib/format';
import { buildOffersQuery, DEFAULT_FILTERS } from '../../../../lib/offers-query';
import { openMap } from '../../../../lib/platform';
import { param, routes } from '../../../../lib/routes';
import { usePrefs } from '../../../../store/prefs';
import './index.scss';

export default function MapPage() {
  const router = useRouter();
  const code = param(router.params, 'code');
  const generic = param(router.params, 'generic');
  const title = param(router.params, 'title') ?? '';
  const prefs = usePrefs();
  const [selected, setSelected] = useState<number | null>(null);
  const query = useMemo(
    () => (code || generic ? buildOffersQuery({ code, generic, region: prefs.region }, DEFAULT_FILTERS, prefs.coords, { limit: 50, offset: 0 }) : null),
    [code, generic, prefs.region, prefs.coords],
  );
  const offers = useOffers(query);
  const items = offers.data?.items ?? [];
  const center = prefs.coords ?? (items[0] ? { lat: items[0].institution.lat, lng: items[0].institution.lng } : null);

  return (
    <Page>
      <Text className='map__title'>{title}</Text>
      <StateView loading={offers.loading} error={offers.error} empty={items.length === 0} emptyText='附近暂无出售机构' onRetry={offers.reload}>
        {process.env.TARO_ENV === 'weapp' && center && (
          <Map
            className='map__map'
            latitude={center.lat}
            longitude={center.lng}
            scale={13}
            showLocation
            markers={items.map((o) => ({
              id: o.id,
              latitude: o.institution.lat,
              longitude: o.institution.lng,
              title: o.institution.name,
              iconPath: '/assets/marker.png',
              width: 24,
              height: 32,
              callout: { content: `${o.institution.name} ${yuanText(o.sellingPrice)}`, display: 'BYCLICK', padding: 6, borderRadius: 6, color: '#1a1f24', fontSize: 13, bgColor: '#ffffff' } as never,
            }))}
            onMarkerTap={(e) => setSelected(Number((e.detail as { markerId?: number }).markerId))}
            onError={() => undefined}
          />
        )}
        {process.env.TARO_ENV !== 'weapp' && <Text className='map__hint'>网页版不显示地图，以下按距离列出；点“导航”可在地图应用中打开。</Text>}
        <View className='map__list'>
          {items.map((o) => (
            <View key={o.id} className={`map__row ${selected === o.id ? 'map__row--selected' : ''}`} data-testid='map-row'>
              <View className='map__info' onClick={() => void Taro.navigateTo({ url: routes.institution(o.institution.id, o.product.code) })}>
                <Text className='map__name'>{o.institution.name}</Text>
                <Text className='map__muted'>
                  {formatDistance(o.distanceKm)} · {o.institution.address}
                </Text>
              </View>
              <View className='map__side'>
                <Text className='map__price'>{yuanText(o.sellingPrice)}</Text>
                <View className='map__actions'>
                  <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.institution(o.institution.id, o.product.code) })} label={`查看${o.institution.name}`}>
                    查看
                  </Tap>
                  <Tap
                    kind='plain'
                    onTap={() => openMap({ lat: o.institution.lat, lng: o.institution.lng, name: o.institution.name, address: o.institution.address })}
                    label={`导航到${o.institution.name}`}
                  >
                    导航
                  </Tap>
                </View>
              </View>
            </View>
          ))}
        </View>
      </StateView>
    </Page>
  );
}
