import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { BadgeTag } from '../../components/BadgeTag';
import { Page } from '../../components/Page';
import { OfferPrice } from '../../components/OfferPrice';
import { Section } from '../../components/Section';
import { StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { useInstitution } from '../../hooks/api';
import { focusFirst } from '../../lib/focus';
import { byPinyin, filterOffers } from '../../lib/sort';
import { call, openMap } from '../../lib/platform';
import { param, routes } from '../../lib/routes';
import { usePrefs } from '../../store/prefs';
import './index.scss';

/** “五统一” (seed 001 四): what a 三进 institution must show in the shop. */
const FIVE_UNIFIED = [
  { title: '统一标识', text: '门口或店内悬挂“集采药品三进”统一标识' },
  { title: '统一专区（柜）', text: '集采药品集中摆放在专区（柜），只放中选企业的产品' },
  { title: '统一双标签', text: '价签同时标明中选价和本店销售价' },
  { title: '统一价格承诺', text: '公示价格承诺书，按承诺价格销售' },
  { title: '统一投诉电话', text: '公布医保部门投诉电话，价格不符可以投诉' },
] as const;

export default function Institution() {
  const router = useRouter();
  const id = Number(param(router.params, 'id'));
  const { elderMode } = usePrefs();
  const focusCode = param(router.params, 'code');
  const inst = useInstitution(Number.isInteger(id) && id > 0 ? id : null);
  const d = inst.data;
  const [filter, setFilter] = useState('');
  // sorted by pinyin, the queried drug first, then narrowed by the filter box
  const sorted = useMemo(() => (d ? focusFirst(byPinyin(d.offers, (o) => o.product.name), focusCode) : []), [d, focusCode]);
  const offers = useMemo(() => filterOffers(sorted, filter), [sorted, filter]);
  const names = useMemo(() => new Set(d?.offers.map((o) => o.product.name) ?? []), [d]);
  const above = useMemo(() => new Set(d?.offers.filter((o) => o.markup.status === 'above_rule').map((o) => o.product.name) ?? []), [d]);

  return (
    <Page>
      <StateView loading={inst.loading} error={inst.error} empty={!d} emptyText='没有找到这家机构' onRetry={inst.reload}>
        {d && (
          <>
            <Section>
              <Text className='inst__name' data-testid='institution-name'>
                {d.name}
              </Text>
              <Text className='inst__type'>{d.typeLabel}</Text>
              <View>
                {d.badges.map((b) => (
                  <BadgeTag key={b.kind} badge={b} withDate />
                ))}
              </View>
              <Text className='inst__summary' data-testid='institution-summary'>
                {names.size} 种集采药品{above.size > 0 ? `，${above.size} 种高于规定价格` : '，价格都在规定以内'}
              </Text>
              {d.specialDesignated && <Text className='inst__line'>特药定点机构</Text>}
              <Text className='inst__line'>地址：{d.address}</Text>
              <Text className='inst__line'>营业时间：{d.hours ?? '未公布'}</Text>
              <View className='inst__actions'>
                {d.phone && (
                  <Tap kind='secondary' onTap={() => call(d.phone as string)} label={`拨打 ${d.phone}`}>
                    ☎ 拨打 {d.phone}
                  </Tap>
                )}
                <Tap kind='secondary' onTap={() => openMap({ lat: d.lat, lng: d.lng, name: d.name, address: d.address })} label='导航到这里'>
                  导航到这里
                </Tap>
              </View>
            </Section>

            <Section title={`集采药品价格（${d.offers.length}）`}>
              {d.offers.length > 5 && (
                <Input
                  className='inst__filter'
                  type='text'
                  placeholder='在本机构的药品中查找，如 氨氯地平'
                  value={filter}
                  maxlength={20}
                  onInput={(e) => setFilter(e.detail.value)}
                  ariaLabel='查找药品'
                />
              )}
              {d.offers.length === 0 && <Text className='inst__muted'>暂无公示的集采药品价格</Text>}
              {d.offers.length > 0 && offers.length === 0 && <Text className='inst__muted'>本机构没有“{filter}”</Text>}
              {offers.map((o) => (
                <View key={o.id} className={`inst__offer ${o.product.code === focusCode ? 'inst__offer--focus' : ''}`} data-testid='institution-offer'>
                  {o.product.code === focusCode && <Text className='inst__focus'>您查询的药品</Text>}
                  <OfferPrice offer={o} showRule />
                  <View className='inst__actions'>
                    <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.history({ institutionId: d.id, code: o.product.code, name: `${o.product.name} ${o.product.spec}`, institution: d.name }) })}>
                      价格走势
                    </Tap>
                    <Tap
                      kind='plain'
                      onTap={() =>
                        void Taro.navigateTo({
                          url: routes.report({ institutionId: d.id, institutionName: d.name, productCode: o.product.code, productName: `${o.product.name} ${o.product.spec}`, price: o.sellingPrice }),
                        })
                      }
                    >
                      价格不符？反馈
                    </Tap>
                  </View>
                </View>
              ))}
            </Section>

            {(
              <Section title='“五统一”：到店应能看到'>
                <Text className='inst__muted'>以下是规定要求，不是核查结果：到店没看到，可以反馈。</Text>
                {FIVE_UNIFIED.map((f) => (
                  <View key={f.title} className='inst__five'>
                    <Text className='inst__five-title'>· {f.title}</Text>
                    <Text className='inst__muted'>{f.text}</Text>
                  </View>
                ))}
              </Section>
            )}

            <Section title='遇到问题？'>
              <Text className='inst__line'>价格与公示不符、缺货、搭售或拒绝销售，可以在线反馈，或拨打医保部门投诉电话。</Text>
              <View className='inst__actions'>
                <Tap kind='primary' onTap={() => void Taro.navigateTo({ url: routes.report({ institutionId: d.id, institutionName: d.name }) })} label='反馈问题'>
                  反馈问题
                </Tap>
                <Tap kind='danger' onTap={() => call(d.hotline)} label={`投诉电话 ${d.hotline}`}>
                  投诉电话 {d.hotline}
                </Tap>
              </View>
            </Section>
          </>
        )}
      </StateView>
    </Page>
  );
}
