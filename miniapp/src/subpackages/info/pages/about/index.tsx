import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useRegions } from '../../../../hooks/api';
import { formatDate } from '../../../../lib/format';
import { call } from '../../../../lib/platform';
import { routes } from '../../../../lib/routes';
import { usePrefs } from '../../../../store/prefs';
import './index.scss';

export default function About() {
  const prefs = usePrefs();
  const regions = useRegions();
  const list = regions.data?.items ?? [];
  const current = list.find((r) => r.slug === prefs.region) ?? list[0] ?? null;

  return (
    <Page>
      <StateView loading={regions.loading} error={regions.error} empty={!current} emptyText='暂无地区信息' onRetry={regions.reload}>
        {current && (
          <>
            <Section title={`${current.name}的“三进”规则`}>
              <Text className='about__muted'>集采药品进基层医疗机构、民营医疗机构和零售药店（简称“三进”），以下是本地规定，用大白话说：</Text>
              {current.rules.map((rule, i) => (
                <View key={i} className='about__rule' data-testid='region-rule'>
                  <Text className='about__num'>{i + 1}</Text>
                  <Text className='about__text'>{rule}</Text>
                </View>
              ))}
            </Section>
            <Section title='数据从哪里来'>
              <Text className='about__p'>
                药品目录和中选价来自{current.name}医疗保障局公开发布的集采“三进”目录；机构名单和价格来自各机构向医保部门报送的数据，经医保部门发布后在这里展示。
              </Text>
              <Text className='about__p' data-testid='last-published'>
                最近一次发布：{current.lastPublishedAt ? formatDate(current.lastPublishedAt) : '尚未发布'}
              </Text>
              <Text className='about__p'>价格超过 {current.staleAfterDays} 天未更新的，会标注“价格可能已过期”，请以店内价签为准。</Text>
              <Text className='about__p'>您的位置只精确到约 100 米，仅用于计算距离，不会被保存；最近搜索和反馈编号只保存在您的手机上。</Text>
            </Section>
            <Section title='咨询投诉'>
              <Tap kind='danger' onTap={() => call(current.hotline)} label={`拨打 ${current.hotline}`}>
                医保部门电话 {current.hotline}
              </Tap>
            </Section>
            {list.length > 1 && (
              <Section title='其他地区'>
                {list
                  .filter((r) => r.slug !== current.slug)
                  .map((r) => (
                    <Text key={r.slug} className='about__p'>
                      {r.name}（{r.center.city}）· 最近发布 {formatDate(r.lastPublishedAt)}
                    </Text>
                  ))}
              </Section>
            )}
          </>
        )}
      </StateView>
      <Section title='更多'>
        <View className='about__more'>
          <Tap kind='secondary' block onTap={() => void Taro.navigateTo({ url: routes.stats() })} label='三进统计'>
            “三进”统计（附件3）
          </Tap>
          <Tap kind='secondary' block onTap={() => void Taro.navigateTo({ url: routes.pharmacySignIn() })} label='药店自查'>
            药店自查（医药机构登录）
          </Tap>
        </View>
      </Section>
      <Section title='显示'>
        <Tap kind={prefs.elderMode ? 'primary' : 'secondary'} onTap={() => prefs.setElderMode(!prefs.elderMode)} label='长辈模式'>
          {prefs.elderMode ? '长辈模式：已开启（点击关闭）' : '开启长辈模式（大字、简洁）'}
        </Tap>
      </Section>
    </Page>
  );
}
