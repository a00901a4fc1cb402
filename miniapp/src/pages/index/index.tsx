import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { CityPicker, unpublishedText } from '../../components/CityPicker';
import { Chip } from '../../components/Chip';
import { Page } from '../../components/Page';
import { Section } from '../../components/Section';
import { StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { useGenerics, useRegions, useSuggest } from '../../hooks/api';
import { COMMON_DRUGS } from '../../lib/common-drugs';
import { describeLocation } from '../../lib/location';
import { regionLabel } from '../../lib/regions';
import { routes } from '../../lib/routes';
import { usePrefs } from '../../store/prefs';
import './index.scss';

export default function Home() {
  const prefs = usePrefs();
  const regions = useRegions();
  const [q, setQ] = useState('');
  const [focused, setFocused] = useState(false);
  const [picking, setPicking] = useState(false);
  const suggest = useSuggest(focused ? q : '', prefs.region);
  const regionList = regions.data?.items ?? [];
  const region = useMemo(() => regionList.find((r) => r.slug === prefs.region) ?? null, [regionList, prefs.region]);

  // the region's 通用名: chips of drugs it has not published are hidden, and a chip naming one product goes straight to it
  const generics = useGenerics(region?.lastPublishedAt ? prefs.region : null);
  const listed = useMemo(() => new Map((generics.data?.items ?? []).map((g) => [g.genericName, g])), [generics.data]);
  // no region yet: every chip (a search then asks the nearest region); a region with nothing published: none
  const commonDrugs = useMemo(() => {
    if (!region) return COMMON_DRUGS;
    if (!generics.data) return [];
    return COMMON_DRUGS.map((g) => ({ ...g, names: g.names.filter((n) => listed.has(n)) })).filter((g) => g.names.length > 0);
  }, [region, generics.data, listed]);

  /** A term that names one product (code) opens its prices; anything else the results list. */
  function search(term: string, code?: string | null) {
    const t = term.trim();
    if (!t) return;
    prefs.addRecent(t);
    setFocused(false);
    void Taro.navigateTo({ url: code ? routes.offers({ code, title: t }) : routes.results(t) });
  }

  /** 扫码查药: weapp scans here (WeChat's scanner) and hands the code over; H5 opens the scan page's camera */
  async function scanBox() {
    if (process.env.TARO_ENV === 'weapp') {
      try {
        const r = await Taro.scanCode({ scanType: ['barCode', 'qrCode', 'datamatrix'] });
        void Taro.navigateTo({ url: routes.scan({ code: r.result }) });
      } catch {
        // cancelled
      }
      return;
    }
    void Taro.navigateTo({ url: routes.scan({ camera: true }) });
  }

  const showPicker = picking || prefs.location.status === 'denied' && !prefs.region;

  return (
    <Page className='home'>
      <View className='home__top'>
        <View className='home__where'>
          <Text className='home__region' data-testid='current-region'>
            {region ? regionLabel(region) : '未选择地区'}
          </Text>
          <Text className='home__loc'>{describeLocation(prefs.location, null)}</Text>
          {region && !region.lastPublishedAt && (
            <Text className='home__unpublished' data-testid='region-unpublished'>
              {unpublishedText(region)}，暂时查不到这里的价格
            </Text>
          )}
        </View>
        <Tap kind='plain' onTap={() => setPicking(!picking)} label='切换城市'>
          {picking ? '收起' : '切换城市'}
        </Tap>
      </View>

      <View className='home__search'>
        <Input
          className='home__input'
          type='text'
          confirmType='search'
          placeholder='药名、商品名或拼音首字母'
          value={q}
          maxlength={50}
          onInput={(e) => setQ(e.detail.value)}
          onFocus={() => setFocused(true)}
          onConfirm={(e) => search(e.detail.value)}
          ariaLabel='搜索药品'
        />
        <Tap kind='primary' onTap={() => search(q)} label='搜索'>
          搜索
        </Tap>
      </View>

      <View className='home__scan'>
        <Tap kind='secondary' className='home__scan-btn' onTap={() => void scanBox()} label='扫码查药'>
          扫码查药
        </Tap>
        <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.scan() })} label='输入药盒上的编码'>
          输入药盒上的编码
        </Tap>
      </View>

      {focused && q.trim() !== '' && (suggest.data?.items.length ?? 0) > 0 && (
        <View className='home__suggest' data-testid='suggestions'>
          {suggest.data?.items.map((s) => (
            <View key={s.label} className='home__suggest-item' hoverClass='home__suggest-item--hover' onClick={() => search(s.genericName, s.code)}>
              {s.label}
            </View>
          ))}
        </View>
      )}

      {prefs.location.status === 'unknown' && !picking && (
        <Section title='查找您附近的药店'>
          <Text className='home__reason'>
            允许使用位置后，可以按距离查看附近出售集采药品的药店和医疗机构。位置只精确到约 100 米，只用于本次查询，不会被保存。
          </Text>
          <View className='home__loc-actions'>
            <Tap kind='primary' onTap={() => void prefs.requestLocation(regionList)} label='允许定位'>
              允许定位
            </Tap>
            <Tap kind='secondary' onTap={() => setPicking(true)} label='手动选择城市'>
              手动选择城市
            </Tap>
          </View>
        </Section>
      )}

      {(showPicker || prefs.location.status === 'denied' && picking) && (
        <Section>
          {prefs.location.status === 'denied' && <Text className='home__reason'>未获得定位授权，您可以手动选择城市，照样可以查询。</Text>}
          <StateView loading={regions.loading} error={regions.error} empty={regionList.length === 0} emptyText='暂无可选城市' onRetry={regions.reload}>
            <CityPicker
              regions={regionList}
              current={prefs.region}
              onChoose={(r, d) => {
                prefs.chooseCity(r, d);
                // one tap chooses the city; the picker stays open only to offer its districts
                if (d !== null || r.districts.length === 0) setPicking(false);
                else setPicking(true);
              }}
            />
          </StateView>
        </Section>
      )}

      {prefs.recent.length > 0 && (
        <Section
          title='最近搜索'
          extra={
            <Tap kind='plain' onTap={prefs.clearRecent} label='清除最近搜索'>
              清除
            </Tap>
          }
        >
          <View className='home__chips'>
            {prefs.recent.map((t) => (
              <Chip key={t} text={t} onTap={() => search(t)} />
            ))}
          </View>
        </Section>
      )}

      <Section title='我的常用药'>
        <Tap kind='secondary' block label='我的常用药' onTap={() => void Taro.navigateTo({ url: routes.myMeds() })}>
          我的常用药：看看哪里买全最省
        </Tap>
        <Tap kind='plain' block label='我的提醒' onTap={() => void Taro.navigateTo({ url: routes.myAlerts() })}>
          我的提醒（降价、到货）
        </Tap>
      </Section>

      {commonDrugs.length > 0 && (
        <Section title='常用集采药品'>
          {commonDrugs.map((g) => (
            <View key={g.area} className='home__area' data-testid='common-drugs'>
              <Text className='home__area-name'>{g.area}</Text>
              <View className='home__chips'>
                {g.names.map((n) => (
                  <Chip key={n} text={n} onTap={() => search(n, listed.get(n)?.code)} />
                ))}
              </View>
            </View>
          ))}
        </Section>
      )}

      <Section>
        <View className='home__footer'>
          <Tap kind={prefs.elderMode ? 'primary' : 'secondary'} onTap={() => prefs.setElderMode(!prefs.elderMode)} label='长辈模式'>
            {prefs.elderMode ? '长辈模式：已开启' : '长辈模式（大字）'}
          </Tap>
          <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.about() })} label='本地规则与数据来源'>
            本地规则与数据来源
          </Tap>
          <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.stats() })} label='数据公开'>
            数据公开
          </Tap>
          <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.myReports() })} label='我的反馈'>
            我的反馈
          </Tap>
          <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.pharmacySignIn() })} label='我是药店'>
            我是药店
          </Tap>
        </View>
      </Section>
    </Page>
  );
}
