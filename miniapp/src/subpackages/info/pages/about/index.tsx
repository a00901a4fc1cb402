import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { useRegions } from '../../../../hooks/api';
import { apiBase } from '../../../../api/request';
import { formatDate } from '../../../../lib/format';
import { GLOSSARY } from '../../../../lib/glossary';
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
            <Section title='常见词，用大白话说'>
              {GLOSSARY.map((g) => (
                <View key={g.term} className='about__term' data-testid='glossary-term'>
                  <Text className='about__term-name'>{g.term}</Text>
                  <Text className='about__text'>{g.plain}</Text>
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
      <Section title='开放数据'>
        <Text className='about__p'>这里的药品目录、机构名单和价格，每次发布后都可以整份下载（表格和数据文件），供研究者、媒体和开发者免费使用；也可以通过公开接口查询。</Text>
        <View className='about__more'>
          <OpenLink path='/api/v1/open/datasets' label='下载开放数据' testId='open-data-link' />
          <OpenLink path='/docs' label='公开接口说明' testId='api-docs-link' />
        </View>
      </Section>
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

/** A link out of the app: an ordinary link on H5; in the mini-program the address is copied (it cannot open web pages). */
function OpenLink({ path, label, testId }: { path: string; label: string; testId: string }) {
  const url = `${apiBase}${path}`;
  if (process.env.TARO_ENV === 'h5') {
    return (
      <a className='about__link' href={url} target='_blank' rel='noopener' data-testid={testId}>
        {label}
      </a>
    );
  }
  return (
    <Tap
      kind='secondary'
      block
      label={label}
      onTap={() => void Taro.setClipboardData({ data: url }).then(() => Taro.showToast({ title: '链接已复制，请在浏览器中打开', icon: 'none' }))}
    >
      {label}（复制链接）
    </Tap>
  );
}
