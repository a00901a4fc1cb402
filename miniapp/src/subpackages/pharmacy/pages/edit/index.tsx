import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { StockState } from '@yaojia/shared';
import { Chip } from '../../../../components/Chip';
import { Field } from '../../../../components/Field';
import { MarkupLabel } from '../../../../components/MarkupLabel';
import { Page } from '../../../../components/Page';
import { OfferPrice } from '../../../../components/OfferPrice';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useMyListing, usePharmacyToken, useUpdateOffer } from '../../../../hooks/pharmacy';
import { formatFreshness, yuanText } from '../../../../lib/format';
import { buildOfferPatch, fieldErrorsFromApi, formFromOffer, priceChecks, type FieldErrors, type OfferEditForm } from '../../../../lib/pharmacy';
import { param, routes } from '../../../../lib/routes';
import { STOCK_WORDS } from '../../../../lib/stock';
import './index.scss';

const STOCK_CHOICES: StockState[] = ['in_stock', 'low', 'out_of_stock', 'unknown'];

/** PATCH /api/v1/me/offers/:code: selling price, online price (与线下一致), stock. */
export default function Edit() {
  const router = useRouter();
  const code = param(router.params, 'code') ?? '';
  const token = usePharmacyToken();
  const listing = useMyListing(token);
  const offer = listing.data?.offers.find((o) => o.product.code === code) ?? null;
  const [form, setForm] = useState<OfferEditForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useUpdateOffer();

  useEffect(() => {
    if (offer && !form) setForm(formFromOffer(offer));
  }, [offer, form]);

  async function onSave() {
    if (!form || !token) return;
    const p = buildOfferPatch(form, offer?.stock);
    if (!p.ok) {
      setErrors(p.errors);
      return;
    }
    setErrors({});
    const asks = offer && p.body.sellingPrice !== undefined ? priceChecks(p.body.sellingPrice, offer) : [];
    if (asks.length) {
      const r = await Taro.showModal({ title: '请确认价格', content: `${asks.join('\n')}\n仍要保存吗？`, confirmText: '仍要保存', cancelText: '返回修改' });
      if (!r.confirm) return;
    }
    await update.submit(token, { code, body: p.body });
  }

  // a 400 names the field; 429 and others show above the button
  useEffect(() => {
    const e = update.error;
    if (!e) return;
    setErrors(e.status === 400 ? fieldErrorsFromApi(e.message) : { form: e.message });
  }, [update.error]);

  const saved = update.result;
  if (saved) {
    const o = saved.offer;
    return (
      <Page>
        <Section>
          <View className='edit__done' data-testid='edit-done'>
            <Text className='edit__done-title'>✓ 已保存，群众端即时更新</Text>
            <Text className='edit__product'>
              {o.product.name} {o.product.spec}
            </Text>
            <OfferPrice offer={o} showRule />
            <Text className='edit__muted'>
              {o.onlinePrice ? `线上价 ¥${o.onlinePrice}` : '不在线上销售'} · {saved.priceRecorded ? '已记入价格历史' : '价格未记录'}
            </Text>
          </View>
        </Section>
        <View className='edit__actions'>
          <Tap kind='primary' block onTap={() => void Taro.redirectTo({ url: routes.pharmacyChecklist() })}>
            回到自查清单
          </Tap>
          <Tap kind='secondary' block onTap={() => void Taro.redirectTo({ url: routes.pharmacyListing() })}>
            查看我的公示信息
          </Tap>
        </View>
      </Page>
    );
  }

  return (
    <Page>
      <StateView
        loading={listing.loading || !token}
        error={listing.error}
        empty={!offer || !form}
        emptyText={`本机构没有上报药品 ${code}`}
        onRetry={listing.reload}
      >
        {offer && form && (
          <>
            <Section>
              <Text className='edit__product'>
                {offer.product.name} {offer.product.spec}
              </Text>
              <Text className='edit__muted'>
                {offer.product.maker} · {offer.product.code}
              </Text>
              <Text className='edit__muted'>
                现在公示：销售价 {yuanText(offer.sellingPrice)} · 中选价 {yuanText(offer.winningPrice)} · 上限 {yuanText(offer.markup.cap)} ·{' '}
                {formatFreshness(offer.updatedAt)}
              </Text>
              <MarkupLabel markup={offer.markup} />
            </Section>
            <Section title='价格'>
              <Field label={<>店内销售价（元）· 上限 ¥{offer.markup.cap}</>} error={errors.sellingPrice} outline>
                <Input
                  className='edit__input'
                  type='text'
                  value={form.sellingPrice}
                  maxlength={9}
                  onInput={(e) => setForm({ ...form, sellingPrice: e.detail.value })}
                  ariaLabel='销售价'
                />
              </Field>
              <View className='edit__row'>
                <Text className='edit__label'>线上价格</Text>
                <Chip text='与线下一致' active={form.onlineSame} onTap={() => setForm({ ...form, onlineSame: !form.onlineSame })} />
              </View>
              {form.onlineSame ? (
                <Text className='edit__muted'>线上（网售）价格 = 店内销售价 {form.sellingPrice ? `¥${form.sellingPrice}` : ''}</Text>
              ) : (
                <Field error={errors.onlinePrice} outline>
                  <Input
                    className='edit__input'
                    type='text'
                    value={form.onlinePrice}
                    placeholder='留空表示不在线上销售'
                    maxlength={9}
                    onInput={(e) => setForm({ ...form, onlinePrice: e.detail.value })}
                    ariaLabel='线上价格'
                  />
                </Field>
              )}
            </Section>
            <Section title='库存'>
              <View className='edit__chips'>
                {STOCK_CHOICES.map((s) => (
                  <Chip key={s} text={STOCK_WORDS[s]} active={form.stockState === s} onTap={() => setForm({ ...form, stockState: s })} />
                ))}
              </View>
              <Field label='库存数量（盒，选填）' error={errors.stockCount} outline>
                <Input
                  className='edit__input'
                  type='number'
                  value={form.stockCount}
                  placeholder='不填则只更新库存状态'
                  maxlength={8}
                  onInput={(e) => setForm({ ...form, stockCount: e.detail.value })}
                  ariaLabel='库存数量'
                />
              </Field>
            </Section>
            {errors.form && (
              <View ariaRole='alert'>
                <Text className='edit__error edit__error--form'>{errors.form}</Text>
              </View>
            )}
            <Tap kind='primary' block disabled={update.submitting} onTap={() => void onSave()} label='保存'>
              {update.submitting ? '正在保存…' : '保存（价格未变也可保存以确认）'}
            </Tap>
            <Text className='edit__muted'>保存后群众端立即显示新价格，每次修改都记入价格历史（修改人、时间）。</Text>
          </>
        )}
      </StateView>
    </Page>
  );
}
