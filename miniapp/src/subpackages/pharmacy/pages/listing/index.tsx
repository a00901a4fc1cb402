import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { BadgeTag } from '../../../../components/BadgeTag';
import { Chip } from '../../../../components/Chip';
import { Page } from '../../../../components/Page';
import { OfferPrice } from '../../../../components/OfferPrice';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useAdjustToCap, useMyListing, usePharmacyToken } from '../../../../hooks/pharmacy';
import { yuanText } from '../../../../lib/format';
import { offerFlags } from '../../../../lib/pharmacy';
import { routes } from '../../../../lib/routes';
import './index.scss';

/** What citizens see for this institution (GET /me/listing = the public institution page), offer by offer. */
export default function Listing() {
  const token = usePharmacyToken();
  const listing = useMyListing(token);
  const d = listing.data;
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const flagged = d?.offers.filter((o) => {
    const f = offerFlags(o);
    return f.stale || f.aboveRule;
  }) ?? [];
  const above = d?.offers.filter((o) => offerFlags(o).aboveRule).length ?? 0;
  const stale = d?.offers.filter((o) => o.stale).length ?? 0;
  const shown = onlyFlagged ? flagged : (d?.offers ?? []);
  // 一键按规定价调整: a preview of every offer above the cap (now → cap), applied in one go on confirmation
  const aboveOffers = d?.offers.filter((o) => offerFlags(o).aboveRule) ?? [];
  const [previewing, setPreviewing] = useState(false);
  const adjust = useAdjustToCap();
  async function applyAdjust() {
    if (!token) return;
    const r = await adjust.submit(token, aboveOffers.map((o) => o.product.code));
    if (r) {
      setPreviewing(false);
      listing.reload();
    }
  }

  return (
    <Page>
      <StateView loading={listing.loading || !token} error={listing.error} empty={!d} onRetry={listing.reload}>
        {d && (
          <>
            <Section>
              <Text className='mine__name'>{d.name}</Text>
              <Text className='mine__muted'>{d.typeLabel}</Text>
              <View>
                {d.badges.map((b) => (
                  <BadgeTag key={b.kind} badge={b} withDate />
                ))}
              </View>
              <Text className='mine__line'>地址：{d.address}</Text>
              <Text className='mine__line'>营业时间：{d.hours ?? '未公布'}</Text>
              <Text className='mine__muted'>以下是群众在“药价通”里看到的本机构信息，与公开页面一致。</Text>
            </Section>
            <View className='mine__summary' data-testid='listing-summary'>
              <Text className='mine__count'>{d.offers.length} 个集采药品</Text>
              {above > 0 && <Text className='mine__flag mine__flag--above'>{above} 个高于规定价格</Text>}
              {stale > 0 && <Text className='mine__flag mine__flag--stale'>{stale} 个价格可能已过期</Text>}
            </View>
            {adjust.result && adjust.result.adjusted.length > 0 && (
              <View className='mine__adjusted' data-testid='adjust-done'>
                <Text>✓ 已将 {adjust.result.adjusted.length} 个药品调整为规定上限价格，群众端已更新，并记入价格历史。</Text>
              </View>
            )}
            {aboveOffers.length > 0 && !previewing && (
              <Tap kind='primary' block onTap={() => setPreviewing(true)} label='一键按规定价调整'>
                一键按规定价调整（{aboveOffers.length} 个）
              </Tap>
            )}
            {previewing && aboveOffers.length > 0 && (
              <Section title='调整预览：以下药品将改为规定上限价格'>
                <View data-testid='adjust-preview'>
                  {aboveOffers.map((o) => (
                    <View key={o.id} className='mine__preview-row' data-testid='adjust-row'>
                      <Text className='mine__preview-name'>
                        {o.product.name} {o.product.spec} · {o.product.maker}
                      </Text>
                      <Text className='mine__preview-change'>
                        {yuanText(o.sellingPrice)} → {yuanText(o.markup.cap)}/{o.product.packUnit}
                      </Text>
                    </View>
                  ))}
                </View>
                <Text className='mine__muted'>上限按本地规则计算（{aboveOffers[0]!.markup.rule.name}）。线上价格高于上限的，一并调为上限。</Text>
                {adjust.error && (
                  <View ariaRole='alert'>
                    <Text className='mine__error'>{adjust.error.message}</Text>
                  </View>
                )}
                <View className='mine__preview-actions'>
                  <Tap kind='secondary' onTap={() => setPreviewing(false)} label='取消调整'>
                    取消
                  </Tap>
                  <Tap kind='primary' disabled={adjust.submitting} onTap={() => void applyAdjust()} label='确认调整'>
                    {adjust.submitting ? '正在调整…' : `确认调整 ${aboveOffers.length} 个`}
                  </Tap>
                </View>
              </Section>
            )}
            <View className='mine__bar'>
              <Chip text='全部' active={!onlyFlagged} onTap={() => setOnlyFlagged(false)} />
              <Chip text={`只看需处理（${flagged.length}）`} active={onlyFlagged} onTap={() => setOnlyFlagged(true)} />
            </View>
            <Section>
              {shown.length === 0 && <Text className='mine__muted'>没有需要处理的药品</Text>}
              {shown.map((o) => {
                const f = offerFlags(o);
                return (
                  <View
                    key={o.id}
                    className={`mine__offer ${f.aboveRule ? 'mine__offer--above' : ''} ${f.stale ? 'mine__offer--stale' : ''}`}
                    data-testid='listing-offer'
                    data-code={o.product.code}
                  >
                    {f.aboveRule && <Text className='mine__tag mine__tag--above'>高于规定价格</Text>}
                    {f.stale && <Text className='mine__tag mine__tag--stale'>价格可能已过期</Text>}
                    <Text className='mine__muted'>药品统一编码 {o.product.code}</Text>
                    <OfferPrice offer={o} showRule />
                    <Tap kind={f.aboveRule || f.stale ? 'primary' : 'secondary'} small onTap={() => void Taro.navigateTo({ url: routes.pharmacyEdit(o.product.code) })} label={`修改${o.product.name}`}>
                      修改价格和库存
                    </Tap>
                  </View>
                );
              })}
            </Section>
          </>
        )}
      </StateView>
    </Page>
  );
}
