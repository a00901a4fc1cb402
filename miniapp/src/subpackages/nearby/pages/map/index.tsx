import { Map, Text, View } from '@tarojs/components';
import type { MarkupStatus, Offer } from '@yaojia/shared';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { groupByInstitution, OfferCard } from '../../../../components/OfferCard';
import { Page } from '../../../../components/Page';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { TileMap, type TilePin } from '../../../../components/TileMap';
import { useClientConfig, useOffers } from '../../../../hooks/api';
import { formatDistance, yuanText } from '../../../../lib/format';
import { markupTone } from '../../../../lib/markup';
import { buildOffersQuery, DEFAULT_FILTERS } from '../../../../lib/offers-query';
import { openMap } from '../../../../lib/platform';
import { param, routes } from '../../../../lib/routes';
import { usePrefs } from '../../../../store/prefs';
import './index.scss';

/** worst first: an institution's pin takes the colour of its worst-priced product */
const SEVERITY: MarkupStatus[] = ['above_rule', 'within_rule', 'equal', 'below'];

function worstStatus(group: Offer[]): MarkupStatus {
  return SEVERITY.find((s) => group.some((o) => o.markup.status === s)) ?? 'equal';
}

function reportUrl(o: Offer): string {
  return routes.report({
    institutionId: o.institution.id,
    institutionName: o.institution.name,
    productCode: o.product.code,
    productName: `${o.product.name} ${o.product.spec}`,
    price: o.sellingPrice,
  });
}

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
  // H5: the tile URL from the API (run time) or the build; none → the list only
  const clientConfig = useClientConfig();
  const tiles = process.env.TARO_ENV === 'h5' ? clientConfig.data?.mapTiles || MAP_TILES || null : null;
  const items = offers.data?.items ?? [];
  // one institution once, with its products (cheapest first, as the API ranks them)
  const groups = useMemo(() => groupByInstitution(offers.data?.items ?? []), [offers.data]);
  const center = prefs.coords ?? (items[0] ? { lat: items[0].institution.lat, lng: items[0].institution.lng } : null);
  const pins = useMemo<TilePin[]>(
    () =>
      groups.map((g) => {
        const inst = g[0]!.institution;
        const tone = markupTone(worstStatus(g));
        const low = Math.min(...g.map((o) => Number(o.sellingPrice)));
        const price = yuanText(g.find((o) => Number(o.sellingPrice) === low)!.sellingPrice);
        return { id: inst.id, lat: inst.lat, lng: inst.lng, text: price, title: `${inst.name} ${price} ${tone.words}`, color: tone.color, background: tone.background };
      }),
    [groups],
  );
  const chosen = selected === null ? null : (groups.find((g) => g[0]!.institution.id === selected) ?? null);
  const showProduct = !code;

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
            markers={groups.map((g) => ({
              id: g[0]!.institution.id,
              latitude: g[0]!.institution.lat,
              longitude: g[0]!.institution.lng,
              title: g[0]!.institution.name,
              iconPath: '/assets/marker.png',
              width: 24,
              height: 32,
              callout: { content: `${g[0]!.institution.name} ${yuanText(g[0]!.sellingPrice)}`, display: 'BYCLICK', padding: 6, borderRadius: 6, color: '#1a1f24', fontSize: 13, bgColor: '#ffffff' } as never,
            }))}
            onMarkerTap={(e) => setSelected(Number((e.detail as { markerId?: number }).markerId))}
            onError={() => undefined}
          />
        )}
        {tiles && center && (
          <>
            <TileMap tiles={tiles} center={center} pins={pins} selected={selected} onSelect={setSelected} />
            <View className='map__legend' data-testid='map-legend'>
              {SEVERITY.map((s) => {
                const tone = markupTone(s);
                return (
                  <Text key={s} className='map__legend-item' style={{ color: tone.color, background: tone.background }}>
                    {tone.words}
                  </Text>
                );
              })}
            </View>
          </>
        )}
        {process.env.TARO_ENV !== 'weapp' && !tiles && !clientConfig.loading && (
          <Text className='map__hint'>网页版不显示地图，以下按距离列出；点“导航”可在地图应用中打开。</Text>
        )}
        {chosen && (
          <View className='map__chosen' data-testid='map-chosen'>
            <OfferCard
              offers={chosen}
              showProduct={showProduct}
              onOpen={() => void Taro.navigateTo({ url: routes.institution(chosen[0]!.institution.id, chosen[0]!.product.code) })}
              onReport={(o) => void Taro.navigateTo({ url: reportUrl(o) })}
            />
          </View>
        )}
        <View className='map__list'>
          {groups.map((g) => {
            const o = g[0]!;
            return (
              <View key={o.institution.id} className={`map__row ${selected === o.institution.id ? 'map__row--selected' : ''}`} data-testid='map-row'>
                <View className='map__info' onClick={() => void Taro.navigateTo({ url: routes.institution(o.institution.id, o.product.code) })}>
                  <Text className='map__name'>{o.institution.name}</Text>
                  <Text className='map__muted'>
                    {formatDistance(o.distanceKm)} · {o.institution.address}
                  </Text>
                  {g.length > 1 && <Text className='map__muted'>{g.length} 种产品</Text>}
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
            );
          })}
        </View>
      </StateView>
    </Page>
  );
}
