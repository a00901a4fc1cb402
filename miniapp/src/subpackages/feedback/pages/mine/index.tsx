import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ReportStatus } from '@yaojia/shared';
import { api, ApiError } from '../../../../api';
import { Field } from '../../../../components/Field';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useReportStatuses } from '../../../../hooks/api';
import { formatDate } from '../../../../lib/format';
import { usePrefs } from '../../../../store/prefs';
import './index.scss';

const REFERENCE = /^JB\d{6}[0-9A-HJKMNP-TV-Z]{10}$/;

/** 我的反馈: the reports kept on this device, each with the status the bureau gave it and its public answer. */
export default function MyReports() {
  const prefs = usePrefs();
  const refs = prefs.reports.map((r) => r.reference);
  const statuses = useReportStatuses(refs);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function follow() {
    const ref = typed.trim().toUpperCase();
    if (!REFERENCE.test(ref)) return setProblem('回执编号是 JB 开头的 18 位字母和数字，请核对');
    if (refs.includes(ref)) return setProblem('这个编号已在下面的列表中');
    try {
      const s = await api.reportStatus(ref);
      prefs.addReport({ reference: ref, createdAt: s.createdAt, institutionName: '（在其他设备提交）', kindLabel: '反馈' });
      setTyped('');
      setProblem(null);
    } catch (e) {
      setProblem(e instanceof ApiError ? (e.status === 404 ? '没有找到这个回执编号的反馈' : e.message) : '查询失败，请重试');
    }
  }

  return (
    <Page>
      <Section title='我的反馈'>
        <Text className='mine__intro'>这里列出在本机提交的反馈。医保部门核查后，处理结果和答复会显示在这里。</Text>
        <StateView
          loading={statuses.loading}
          error={statuses.error}
          empty={refs.length === 0}
          emptyText='本机还没有提交过反馈'
          emptyHint={<Text className='mine__muted'>在药店或医疗机构的页面点“反馈问题”，即可反映价格不符、缺货等问题。</Text>}
          onRetry={statuses.reload}
        >
          {prefs.reports.map((r) => (
            <ReportRow key={r.reference} saved={r} status={statuses.data?.get(r.reference)} />
          ))}
        </StateView>
      </Section>
      <Section title='查询其他回执编号'>
        <Field error={problem} errorFor='form'>
          <Input
            className='mine__input'
            type='text'
            placeholder='JB 开头的回执编号'
            value={typed}
            maxlength={18}
            onInput={(e) => setTyped(e.detail.value)}
            ariaLabel='回执编号'
          />
        </Field>
        <Tap kind='secondary' block onTap={() => void follow()} label='查询并保存到本机'>
          查询并保存到本机
        </Tap>
      </Section>
    </Page>
  );
}

function ReportRow({ saved, status }: { saved: { reference: string; createdAt: string; institutionName: string; kindLabel: string }; status: ReportStatus | ApiError | undefined }) {
  const s = status instanceof ApiError ? null : status;
  const tone = !s ? 'unknown' : s.status === 'open' ? 'open' : s.resolution === 'confirmed' ? 'confirmed' : 'rejected';
  return (
    <View className='mine__row' data-testid='my-report'>
      <View className='mine__head'>
        <Text className='mine__ref'>{saved.reference}</Text>
        <Text className={`mine__status mine__status--${tone}`} data-testid='my-report-status'>
          {s ? s.statusText : status instanceof ApiError ? (status.status === 404 ? '查不到这条反馈' : '暂时查不到进度') : '正在查询…'}
        </Text>
      </View>
      <Text className='mine__muted'>
        {saved.institutionName} · {saved.kindLabel} · {formatDate(saved.createdAt)}
        {s && s.photos > 0 ? ` · ${s.photos} 张照片` : ''}
      </Text>
      {s?.publicNote && (
        <View className='mine__answer' data-testid='my-report-answer'>
          <Text className='mine__answer-label'>医保部门答复{s.resolvedAt ? `（${formatDate(s.resolvedAt)}）` : ''}</Text>
          <Text className='mine__answer-text'>{s.publicNote}</Text>
        </View>
      )}
    </View>
  );
}
