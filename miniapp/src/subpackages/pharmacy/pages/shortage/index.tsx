import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Field } from '../../../../components/Field';
import { Page } from '../../../../components/Page';
import { PhotoAttach } from '../../../../components/PhotoAttach';
import { Section } from '../../../../components/Section';
import { Tap } from '../../../../components/Tap';
import { useMyListing, useMyShortages, usePharmacyToken, useReportShortage } from '../../../../hooks/pharmacy';
import { formatDate } from '../../../../lib/format';
import { chinaDay, validateShortage, type ShortageForm } from '../../../../lib/pharmacy';
import { param, routes } from '../../../../lib/routes';
import './index.scss';

/** POST /api/v1/me/shortages: a 集采 product the institution cannot get (晋医保发〔2026〕13号, with evidence). */
export default function Shortage() {
  const router = useRouter();
  const token = usePharmacyToken();
  const listing = useMyListing(token);
  const [form, setForm] = useState<ShortageForm>({ productCode: param(router.params, 'code') ?? '', since: chinaDay(), evidence: '' });
  const [filter, setFilter] = useState(param(router.params, 'name') ?? '');
  const [errors, setErrors] = useState<Partial<Record<keyof ShortageForm, string>>>({});
  const report = useReportShortage();
  const past = useMyShortages(token);

  const term = filter.trim();
  const matches = term
    ? (listing.data?.offers ?? []).filter((o) => o.product.name.includes(term) || o.product.code.includes(term.toUpperCase())).slice(0, 6)
    : [];
  const chosen = listing.data?.offers.find((o) => o.product.code === form.productCode.trim().toUpperCase()) ?? null;

  async function onSubmit() {
    if (!token) return;
    const v = validateShortage(form);
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    setErrors({});
    await report.submit(token, v.body);
  }

  const done = report.result;
  if (done) {
    return (
      <Page>
        <Section>
          <View className='short__done' data-testid='shortage-done'>
            <Text className='short__done-title'>✓ 已报告，医保部门会核实并协调供应</Text>
            <Text>
              {done.genericName}（{done.productCode}）自 {done.since} 起短缺
            </Text>
            <Text className='short__muted'>
              报告编号 {done.id} · {formatDate(done.reportedAt)}；本地区群众查询该药时会看到“供应紧张”提示。
            </Text>
          </View>
          <PhotoAttach path={`/api/v1/me/shortages/${done.id}/photos`} token={token ?? undefined} what='佐证（订单、配送企业答复等）' />
        </Section>
        <Tap kind='primary' block onTap={() => void Taro.redirectTo({ url: routes.pharmacySignIn() })}>
          返回
        </Tap>
      </Page>
    );
  }

  return (
    <Page>
      <Section title='哪个药品短缺？'>
        <Field>
          <Input placeholder='输入药品名称或统一编码查找' value={filter} onInput={(e) => setFilter(e.detail.value)} ariaLabel='查找药品' />
        </Field>
        {matches.map((o) => (
          <View
            key={o.product.code}
            className={`short__pick ${o.product.code === form.productCode ? 'short__pick--on' : ''}`}
            ariaRole='button'
            onClick={() => setForm({ ...form, productCode: o.product.code })}
          >
            <Text className='short__pick-name'>
              {o.product.code === form.productCode ? '✓ ' : ''}
              {o.product.name} {o.product.spec}
            </Text>
            <Text className='short__muted'>
              {o.product.maker} · {o.product.code}
            </Text>
          </View>
        ))}
        <Field label='药品统一编码' error={errors.productCode}>
          <Input
            value={form.productCode}
            placeholder='如 XC08CAA…'
            maxlength={40}
            onInput={(e) => setForm({ ...form, productCode: e.detail.value })}
            ariaLabel='药品统一编码'
          />
          {chosen && (
            <Text className='short__muted'>
              {chosen.product.name} {chosen.product.spec} · {chosen.product.maker}
            </Text>
          )}
        </Field>
      </Section>
      <Section title='从哪天开始买不到？'>
        <Field error={errors.since}>
          <Picker mode='date' value={form.since} end={chinaDay()} onChange={(e) => setForm({ ...form, since: String(e.detail.value) })}>
            <View className='short__date' ariaRole='button' ariaLabel='选择开始日期' data-testid='since-picker'>
              <Text>{form.since || '选择日期'}</Text>
              <Text className='short__muted'>点此选择</Text>
            </View>
          </Picker>
        </Field>
      </Section>
      <Section title='佐证材料'>
        <Field error={errors.evidence} testId='shortage-evidence'>
          <Textarea
            value={form.evidence}
            placeholder='如：11月1日向配送企业下单（订单号…），答复无货'
            maxlength={1000}
            onInput={(e) => setForm({ ...form, evidence: e.detail.value })}
            ariaLabel='佐证材料'
          />
        </Field>
      </Section>
      {report.error && (
        <View ariaRole='alert'>
          <Text className='short__error'>{report.error.message}</Text>
        </View>
      )}
      <Tap kind='primary' block disabled={report.submitting} onTap={() => void onSubmit()} label='提交短缺报告'>
        {report.submitting ? '正在提交…' : '提交短缺报告'}
      </Tap>
      <PastShortages items={past.data?.items ?? []} />
    </Page>
  );
}

function PastShortages({ items }: { items: Array<{ id: number; productName: string; spec: string; productCode: string; since: string; reportedAt: string; status: 'open' | 'resolved'; resolutionNote: string | null; photos: number }> }) {
  if (items.length === 0) return null;
  return (
    <Section title='报告过的短缺'>
      {items.map((s) => (
        <View key={s.id} className='short__past' data-testid='past-shortage'>
          <View className='short__past-head'>
            <Text className='short__pick-name'>
              {s.productName} {s.spec}
            </Text>
            <Text className={`short__status short__status--${s.status}`}>{s.status === 'open' ? '医保部门核实中' : '已处理'}</Text>
          </View>
          <Text className='short__muted'>
            编号 {s.id} · 自 {s.since} 起短缺 · 报告于 {formatDate(s.reportedAt)}
            {s.photos > 0 ? ` · ${s.photos} 张照片` : ''}
          </Text>
          {s.resolutionNote && <Text className='short__muted'>处理说明：{s.resolutionNote}</Text>}
        </View>
      ))}
    </Section>
  );
}
