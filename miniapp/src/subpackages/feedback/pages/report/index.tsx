import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { ReportKind } from '@yaojia/shared';
import { Chip } from '../../../../components/Chip';
import { Field } from '../../../../components/Field';
import { PhotoAttach } from '../../../../components/PhotoAttach';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { Tap } from '../../../../components/Tap';
import { useSubmitReport } from '../../../../hooks/api';
import { formatDate } from '../../../../lib/format';
import { REPORT_KIND_OPTIONS, validateReport, type ReportForm } from '../../../../lib/report';
import { param, routes } from '../../../../lib/routes';
import { usePrefs } from '../../../../store/prefs';
import './index.scss';

export default function Report() {
  const router = useRouter();
  const institutionId = Number(param(router.params, 'institutionId'));
  const institutionName = param(router.params, 'institutionName') ?? '';
  const productCode = param(router.params, 'productCode');
  const productName = param(router.params, 'productName');
  const listedPrice = param(router.params, 'price');
  const prefs = usePrefs();
  const { submit, submitting, error, result } = useSubmitReport();
  const [form, setForm] = useState<ReportForm>({ kind: null, observedPrice: '', note: '' });
  const [problem, setProblem] = useState<string | null>(null);
  // a change answers the message of the last try: it goes until the next 提交
  const edit = (patch: Partial<ReportForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblem(null);
  };

  async function onSubmit() {
    const v = validateReport(institutionId, productCode, form);
    if (!v.ok) {
      setProblem(v.message);
      return;
    }
    setProblem(null);
    const r = await submit(v.body);
    if (r) prefs.addReport({ reference: r.reference, createdAt: r.createdAt, institutionName, kindLabel: REPORT_KIND_OPTIONS[v.body.kind] });
  }

  if (result) {
    return (
      <Page>
        <Section>
          <View className='report__done' data-testid='report-done'>
            <Text className='report__done-title'>✓ 已收到您的反馈</Text>
            <Text className='report__label'>回执编号（请保存，用于查询处理进度）</Text>
            <Text className='report__ref' data-testid='report-reference' userSelect>
              {result.reference}
            </Text>
            <Text className='report__muted'>提交时间：{formatDate(result.createdAt)}；编号已保存在本机“我的反馈”中，可随时查看处理进度。</Text>
            <PhotoAttach path={`/api/v1/reports/${encodeURIComponent(result.reference)}/photos`} what='价签或小票' />
            <View className='report__actions'>
              <Tap kind='secondary' onTap={() => void Taro.setClipboardData({ data: result.reference }).catch(() => undefined)}>
                复制编号
              </Tap>
              <Tap kind='primary' onTap={() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/index/index' }))}>
                返回
              </Tap>
            </View>
          </View>
        </Section>
        <MyReports />
      </Page>
    );
  }

  return (
    <Page>
      <Section>
        <Text className='report__label'>机构</Text>
        <Text className='report__value'>{institutionName || '未知机构'}</Text>
        {productName && (
          <>
            <Text className='report__label'>药品</Text>
            <Text className='report__value'>
              {productName}
              {listedPrice ? `（公示销售价 ¥${listedPrice}）` : ''}
            </Text>
          </>
        )}
      </Section>
      <Section title='遇到了什么问题？'>
        <View className='report__kinds' data-testid='report-kinds'>
          {(Object.keys(REPORT_KIND_OPTIONS) as ReportKind[]).map((k) => (
            <Chip key={k} text={REPORT_KIND_OPTIONS[k]} active={form.kind === k} onTap={() => edit({ kind: k })} />
          ))}
        </View>
        <Field label={`实际价格（元）${form.kind === 'price_mismatch' ? '' : '（选填）'}`} testId='report-price'>
          <Input
            type='digit'
            placeholder='例如 12.50'
            value={form.observedPrice}
            maxlength={9}
            onInput={(e) => edit({ observedPrice: e.detail.value })}
            ariaLabel='实际价格'
          />
        </Field>
        <Field label='补充说明（选填，最多 500 字）' error={problem ?? error?.message} errorFor='form' testId='report-note'>
          <Textarea
            placeholder='例如：店员说要搭配其他药品一起买'
            value={form.note}
            maxlength={500}
            onInput={(e) => edit({ note: e.detail.value })}
            ariaLabel='补充说明'
          />
        </Field>
        <Tap kind='primary' block disabled={submitting} onTap={() => void onSubmit()} label='提交反馈'>
          {submitting ? '正在提交…' : '提交反馈'}
        </Tap>
        <Text className='report__muted'>我们不会收集您的姓名和电话；反馈会转交当地医保部门核实。</Text>
      </Section>
      <MyReports />
    </Page>
  );
}

function MyReports() {
  const { reports } = usePrefs();
  if (reports.length === 0) return null;
  return (
    <Section
      title='我的反馈（保存在本机）'
      extra={
        <Tap kind='plain' onTap={() => void Taro.navigateTo({ url: routes.myReports() })} label='查看处理进度'>
          查看处理进度
        </Tap>
      }
    >
      {reports.map((r) => (
        <View key={r.reference} className='report__mine'>
          <Text className='report__mine-ref'>{r.reference}</Text>
          <Text className='report__muted'>
            {r.institutionName} · {r.kindLabel} · {formatDate(r.createdAt)}
          </Text>
        </View>
      ))}
    </Section>
  );
}
