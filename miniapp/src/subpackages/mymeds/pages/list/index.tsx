import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { BasketStop } from '@yaojia/shared';
import { useMemo, useState } from 'react';
import { AlertSubscribe } from '../../../../components/AlertSubscribe';
import { Chip } from '../../../../components/Chip';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useBasketQuote } from '../../../../hooks/api';
import { markupTone } from '../../../../lib/markup';
import { quoteRequest } from '../../../../lib/my-meds';
import { openMap } from '../../../../lib/platform';
import { routes } from '../../../../lib/routes';
import { useMyMeds } from '../../../../store/my-meds';
import { usePrefs } from '../../../../store/prefs';
import './index.scss';

const RADII = [3, 5, 10, 20] as const;

/** 我的常用药: the list kept on this device, and where near me the whole month's list costs least. */
export default function MyMeds() {
  const prefs = usePrefs();
  const [meds, dispatch] = useMyMeds();
  const [radiusKm, setRadiusKm] = useState(10);
  const body = useMemo(() => quoteRequest(meds, prefs.coords, prefs.region, radiusKm), [meds, prefs.coords, prefs.region, radiusKm]);
  const quote = useBasketQuote(body);
  const data = quote.data;
  const titleOf = useMemo(() => new Map(meds.items.map((m) => [m.code, m.title])), [meds.items]);

  return (
    <Page>
      <Section title={`我的常用药（${meds.items.length}）`}>
        {meds.items.length === 0 ? (
          <View data-testid='mymeds-empty'>
            <Text className='mymeds__hint'>还没有常用药。查到药品价格后，点“加入常用药”就会记在这里（只保存在本机）。</Text>
            <Tap kind='secondary' onTap={() => void Taro.reLaunch({ url: routes.home() })}>
              去查药品
            </Tap>
          </View>
        ) : (
          <View data-testid='mymeds-list'>
            {meds.items.map((m) => (
              <View key={m.code} className='mymeds__med'>
                <Text className='mymeds__med-name'>
                  {m.title}
                  <Text className='mymeds__med-unit'>
                    每{m.packUnit}{m.conversionRatio}{m.minUnit} · 每天约{unitsText(m.unitsPerDay)}{m.minUnit}
                  </Text>
                </Text>
                <View className='mymeds__packs'>
                  <Tap kind='secondary' small label={`${m.title} 少一${m.packUnit}`} onTap={() => dispatch({ type: 'packs', code: m.code, packs: m.packs - 1 })}>
                    −
                  </Tap>
                  <Text className='mymeds__packs-value'>
                    每月{m.packs}{m.packUnit}
                  </Text>
                  <Tap kind='secondary' small label={`${m.title} 多一${m.packUnit}`} onTap={() => dispatch({ type: 'packs', code: m.code, packs: m.packs + 1 })}>
                    ＋
                  </Tap>
                  <Tap kind='plain' small label={`删除${m.title}`} onTap={() => dispatch({ type: 'remove', code: m.code })}>
                    删除
                  </Tap>
                </View>
                <AlertSubscribe code={m.code} title={m.title} compact substitute={meds.substitute} />
              </View>
            ))}
            <Text className='mymeds__hint'>每月用量按世卫组织限定日剂量估算（查不到的按每天 1{meds.items[0]?.minUnit ?? '片'}），请按医嘱调整。</Text>
            <View className='mymeds__bar'>
              <Chip text='同成分同规格可换厂家' active={meds.substitute} onTap={() => dispatch({ type: 'toggleSubstitute' })} />
            </View>
            <Tap kind='plain' small label='我的提醒' onTap={() => void Taro.navigateTo({ url: routes.myAlerts() })}>
              我的提醒：降价、到货
            </Tap>
            <View className='mymeds__bar' ariaRole='radiogroup' ariaLabel='范围'>
              {RADII.map((km) => (
                <Chip key={km} text={`${km} 公里内`} active={radiusKm === km} onTap={() => setRadiusKm(km)} />
              ))}
            </View>
          </View>
        )}
      </Section>

      {meds.items.length > 0 && !prefs.coords && (
        <Section>
          <Text className='mymeds__hint'>需要您的位置才能比较附近的药店。</Text>
          <Tap kind='primary' onTap={() => void Taro.reLaunch({ url: routes.home() })}>
            去定位或选择城市
          </Tap>
        </Section>
      )}

      {body && (
        <Section title='哪里买最省'>
          <StateView
            loading={quote.loading && !data}
            error={quote.error}
            empty={!!data && data.single.length + data.pairs.length + data.partial.length === 0}
            emptyText={`${radiusKm} 公里内没有找到出售这些药品的机构`}
            emptyHint={<Text className='mymeds__hint'>可以扩大范围再试。</Text>}
            onRetry={quote.reload}
          >
            {data && (
              <View data-testid='basket-result'>
                <Text className='mymeds__ref'>
                  全部按中选价每月 ¥{data.reference.winningTotal}
                  {data.reference.medianTotal ? `；附近价格中位数合计 ¥${data.reference.medianTotal}` : ''}；共比较 {data.reference.institutionsConsidered} 家机构
                </Text>
                {data.single.length > 0 && (
                  <View data-testid='basket-single'>
                    {data.single.slice(0, 3).map((s, i) => (
                      <StopCard key={s.institutions[0]!.id} stop={s} best={i === 0} titleOf={titleOf} />
                    ))}
                  </View>
                )}
                {data.single.length === 0 && data.pairs.length > 0 && (
                  <View data-testid='basket-pairs'>
                    <Text className='mymeds__hint'>附近没有一家备齐全部药品，建议两家合买。{data.reference.pairRule}</Text>
                    {data.pairs.slice(0, 3).map((s, i) => (
                      <StopCard key={s.institutions.map((x) => x.id).join('-')} stop={s} best={i === 0} titleOf={titleOf} />
                    ))}
                  </View>
                )}
                {data.single.length === 0 && data.pairs.length === 0 && data.partial.length > 0 && (
                  <View data-testid='basket-partial'>
                    <Text className='mymeds__hint'>附近没有机构能买齐，以下机构有其中一部分：</Text>
                    {data.partial.slice(0, 3).map((s) => (
                      <StopCard key={s.institutions[0]!.id} stop={s} best={false} titleOf={titleOf} />
                    ))}
                  </View>
                )}
                {data.unknown.length > 0 && <Text className='mymeds__missing'>本地目录中没有：{data.unknown.map((c) => titleOf.get(c) ?? c).join('、')}</Text>}
              </View>
            )}
          </StateView>
        </Section>
      )}
    </Page>
  );
}

function StopCard({ stop, best, titleOf }: { stop: BasketStop; best: boolean; titleOf: Map<string, string> }) {
  const two = stop.institutions.length > 1;
  const nameOf = new Map(stop.institutions.map((i) => [i.id, i.name]));
  return (
    <View className={`mymeds__stop ${best ? 'mymeds__stop--best' : ''}`} data-testid='basket-stop'>
      <View className='mymeds__stop-head'>
        <View>
          <Text className='mymeds__stop-name'>{stop.institutions.map((i) => i.name).join(' + ')}</Text>
          <Text className='mymeds__stop-meta'>
            {two ? `路程约 ${stop.routeKm} 公里` : `${stop.institutions[0]!.typeLabel} · ${stop.institutions[0]!.distanceKm} 公里`}
          </Text>
        </View>
        <Text className='mymeds__total'>每月 ¥{stop.total}</Text>
      </View>
      {stop.saving && Number(stop.saving) > 0 && <Text className='mymeds__saving'>比附近中位价每月省 ¥{stop.saving}</Text>}
      <Text className='mymeds__stop-meta'>按中选价为 ¥{stop.winningTotal}</Text>
      {stop.missing.length > 0 && <Text className='mymeds__missing'>缺：{stop.missing.map((c) => titleOf.get(c) ?? c).join('、')}</Text>}
      {stop.items.map((l) => {
        const tone = markupTone(l.markup.status);
        return (
          <View key={l.code} className='mymeds__line'>
            <Text className='mymeds__line-name'>
              {l.name} {l.spec}
              <Text className='mymeds__line-where'>
                {l.chosenCode !== l.code ? `换为 ${l.maker}` : l.maker}
                {two ? ` · 在${nameOf.get(l.institutionId) ?? ''}买` : ''}
              </Text>
            </Text>
            <View className='mymeds__line-price'>
              <Text>
                ¥{l.price}/{l.packUnit} × {l.packs}
              </Text>
              <View>
                <Text className='mymeds__label' style={{ color: tone.color, background: tone.background }}>
                  {l.markup.label || tone.words}
                </Text>
              </View>
            </View>
          </View>
        );
      })}
      <View className='mymeds__nav'>
        {stop.institutions.map((i) => (
          <Tap key={i.id} kind='secondary' small label={`导航到${i.name}`} onTap={() => openMap({ lat: i.lat, lng: i.lng, name: i.name, address: i.address })}>
            {two ? `导航到${i.name}` : '导航'}
          </Tap>
        ))}
      </View>
    </View>
  );
}

/** "1", "0.5", "1/7" (a weekly tablet) for units a day. */
function unitsText(units: number): string {
  const every = 1 / units;
  if (units < 0.5 && Math.abs(every - Math.round(every)) < 1e-9) return `1/${Math.round(every)}`;
  return String(Math.round(units * 100) / 100);
}
