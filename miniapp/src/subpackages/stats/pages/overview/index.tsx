import { ScrollView, Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import type { StatsColumn } from '@yaojia/shared';
import { Chip } from '../../../../components/Chip';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { useRegions, useStats } from '../../../../hooks/api';
import { unpublishedText } from '../../../../components/CityPicker';
import { buildCoverageChart, formatWan, quarterLabel, quarterOf, recentQuarters } from '../../../../lib/stats';
import { usePrefs } from '../../../../store/prefs';
import './index.scss';

const ROWS: Array<{ label: string; cell: (c: StatsColumn) => [string, string] }> = [
  { label: '参加集采药品医药机构数量（家）', cell: (c) => [String(c.institutions.new), String(c.institutions.cumulative)] },
  { label: '采购集采药品品种数量（种）', cell: (c) => [String(c.varieties.new), String(c.varieties.cumulative)] },
  { label: '采购集采药品金额（万元，估算）', cell: (c) => [formatWan(c.purchaseAmount.new), formatWan(c.purchaseAmount.cumulative)] },
];

/** 附件3 集采药品“三进”相关数据统计表 + coverage against the targets, from GET /api/v1/stats. */
export default function StatsOverview() {
  const prefs = usePrefs();
  const regions = useRegions();
  const periods = useMemo(() => recentQuarters(new Date(), 4), []);
  const [period, setPeriod] = useState(periods[0] as string);
  const [regionPick, setRegionPick] = useState<string | null>(null);
  const list = regions.data?.items ?? [];
  const region = regionPick ?? (list.find((r) => r.slug === prefs.region) ?? list[0])?.slug ?? null;
  const regionInfo = list.find((r) => r.slug === region) ?? null;
  // a region whose bureau has published nothing says so instead of a table of zeros
  const unpublished = regionInfo && !regionInfo.lastPublishedAt ? unpublishedText(regionInfo) : null;
  const stats = useStats(unpublished ? null : region, period);
  const d = unpublished ? null : stats.data;
  const current = quarterOf(new Date());
  const inProgress = (p: string) => p === current;
  const chart = d ? buildCoverageChart(d.coverage) : null;

  return (
    <Page>
      {list.length > 1 && (
        <View className='stats__bar'>
          {list.map((r) => (
            <Chip key={r.slug} text={r.name} active={r.slug === region} onTap={() => setRegionPick(r.slug)} />
          ))}
        </View>
      )}
      <View className='stats__bar'>
        {periods.map((p) => (
          <Chip key={p} text={inProgress(p) ? `${quarterLabel(p)}（进行中）` : quarterLabel(p)} active={p === period} onTap={() => setPeriod(p)} />
        ))}
      </View>
      {unpublished && (
        <Section>
          <Text className='stats__p' data-testid='stats-unpublished'>
            {unpublished}，暂无统计数据。
          </Text>
          <Text className='stats__muted'>当地医保部门发布“三进”机构和价格后，这里会显示统计表和覆盖率。</Text>
        </Section>
      )}
      <StateView
        loading={!unpublished && (stats.loading || regions.loading)}
        error={unpublished ? null : (stats.error ?? regions.error)}
        empty={!d && !unpublished}
        onRetry={stats.error ? stats.reload : regions.reload}
      >
        {d && chart && (
          <>
            <Section title={`${d.regionName} · ${quarterLabel(d.period)}`}>
              {inProgress(d.period) && (
                <Text className='stats__progress' data-testid='stats-in-progress'>
                  本季度进行中：数据截至今天，季度结束前还会变化。
                </Text>
              )}
              <Text className='stats__muted'>
                集采药品“三进”相关数据统计表（附件3）· 统计期 {d.start} 至 {dayBefore(d.end)}
              </Text>
              <ScrollView scrollX className='stats__scroll'>
                <View className='stats__table' data-testid='stats-table'>
                  <View className='stats__tr stats__tr--head'>
                    <Text className='stats__th stats__th--row'>项目</Text>
                    {d.columns.map((c) => (
                      <Text key={c.group} className={`stats__th ${c.group === 'total' ? 'stats__total' : ''}`}>
                        {c.label}
                      </Text>
                    ))}
                  </View>
                  {ROWS.map((row, i) => (
                    <View key={row.label}>
                      {(['本期新增', '累计'] as const).map((kind, k) => (
                        <View key={kind} className={`stats__tr ${k === 0 ? 'stats__tr--first' : ''}`}>
                          <Text className='stats__th stats__th--row'>
                            {k === 0 ? `${row.label}` : ''}
                            <Text className='stats__kind'>
                              {k === 0 ? ' ' : ''}
                              {kind}
                              {k === 0 && i === 2 ? '¹' : ''}
                            </Text>
                          </Text>
                          {d.columns.map((c) => (
                            <Text key={c.group} className={`stats__td ${c.group === 'total' ? 'stats__total' : ''}`}>
                              {row.cell(c)[k]}
                            </Text>
                          ))}
                        </View>
                      ))}
                    </View>
                  ))}
                </View>
              </ScrollView>
              <Text className='stats__muted'>左右滑动查看全部列。“汇总”列的品种数跨机构类别去重。</Text>
            </Section>

            <Section title='覆盖率'>
              <Text className='stats__p' data-testid='coverage-summary'>
                已参加 {d.coverage.joined} 家
                {d.coverage.share !== null && d.coverage.designated !== null
                  ? `，占定点医药机构 ${d.coverage.designated} 家的 ${Math.round(d.coverage.share * 100)}%`
                  : '；医保部门尚未录入定点医药机构总数，暂不能计算覆盖率，下图为各季度末参加机构数'}
              </Text>
              <View className='stats__chart' ariaLabel={chart.mode === 'share' ? '各季度末覆盖率与目标' : '各季度末参加机构数'}>
                <View className='stats__plot'>
                  {chart.targets.map((t) => (
                    <View key={t.label} className='stats__target' style={{ bottom: `${t.pct}%` }}>
                      <Text className='stats__target-label'>{t.label}</Text>
                    </View>
                  ))}
                  {chart.bars.map((b) => (
                    <View key={b.period} className='stats__col'>
                      <Text className='stats__value'>{b.value}</Text>
                      <View className={`stats__barv ${b.belowTarget ? 'stats__barv--below' : ''}`} style={{ height: `${b.heightPct}%` }} />
                    </View>
                  ))}
                </View>
                <View className='stats__axis'>
                  {chart.bars.map((b) => (
                    <Text key={b.period} className='stats__tick'>
                      {b.period.replace(/^20/, '')}
                    </Text>
                  ))}
                </View>
              </View>
              {d.coverage.targets.map((t) => (
                <Text key={t.by} className='stats__muted'>
                  目标：{t.by.slice(0, 4)}年底前达到 {Math.round(t.share * 100)}%（{t.source}）{t.met === null ? '' : t.met ? ' · 已达到' : ' · 未达到'}
                </Text>
              ))}
            </Section>

            <Section title='说明'>
              {d.notes.map((n, i) => (
                <Text key={i} className='stats__note' data-testid='stats-note'>
                  {i + 1}. {n}
                </Text>
              ))}
              <Text className='stats__note'>¹ 采购金额为根据公示价格和库存估算，不是采购订单金额（见上方说明）。</Text>
            </Section>
          </>
        )}
      </StateView>
    </Page>
  );
}

/** the last day of a period whose end is exclusive: "2026-10-01" → "2026-09-30" */
function dayBefore(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
