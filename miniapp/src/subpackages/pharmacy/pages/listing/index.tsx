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
import { useMyListing, usePharmacyToken } from '../../../../hooks/pharmacy';
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
