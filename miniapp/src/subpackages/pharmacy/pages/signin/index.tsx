import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Field } from '../../../../components/Field';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { StateView } from '../../../../components/StateView';
import { Tap } from '../../../../components/Tap';
import { loadPharmacyToken, signOut, useMe, useSignIn } from '../../../../hooks/pharmacy';
import { formatDate } from '../../../../lib/format';
import { normalizeToken, tokenProblem } from '../../../../lib/pharmacy';
import { param, routes } from '../../../../lib/routes';
import './index.scss';

/** Sign-in with the token the bureau issued; once signed in, the pharmacy's own start page. */
export default function SignIn() {
  const router = useRouter();
  const expired = param(router.params, 'expired') === '1';
  const [token, setToken] = useState<string | null>(loadPharmacyToken);
  return token ? <SignedIn token={token} onSignOut={() => setToken(null)} /> : <SignInForm expired={expired} onSignedIn={setToken} />;
}

function SignInForm({ expired, onSignedIn }: { expired: boolean; onSignedIn: (token: string) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { signIn, checking, error } = useSignIn();

  async function onSubmit() {
    const token = normalizeToken(text);
    const p = tokenProblem(token);
    setProblem(p);
    if (p) return;
    if (await signIn(token)) onSignedIn(token);
  }

  return (
    <Page>
      <Section title='医药机构登录'>
        {expired && (
          <View ariaRole='alert'>
            <Text className='signin__warn'>登录已失效（令牌过期或被撤销），请重新粘贴令牌。</Text>
          </View>
        )}
        <Text className='signin__p'>
          登录令牌由属地医保部门发放（机构医保编码对应一个令牌，以 yjt_ 开头）。粘贴后只保存在本机，用于查看本机构的自查清单、公示信息和修改价格。
        </Text>
        <Field error={problem ?? error?.message} errorFor='form'>
          <Input
            className='signin__input'
            password
            placeholder='粘贴登录令牌'
            value={text}
            maxlength={200}
            onInput={(e) => setText(e.detail.value)}
            onConfirm={() => void onSubmit()}
            ariaLabel='登录令牌'
          />
        </Field>
        <Tap kind='primary' block disabled={checking} onTap={() => void onSubmit()} label='登录'>
          {checking ? '正在验证…' : '登录'}
        </Tap>
        <Text className='signin__muted'>没有令牌？请携带机构医保编码联系属地医保部门申请。</Text>
      </Section>
    </Page>
  );
}

function SignedIn({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const me = useMe(token);
  const m = me.data;
  return (
    <Page>
      <StateView loading={me.loading} error={me.error} empty={!m} onRetry={me.reload}>
        {m && (
          <>
            <Section title='当前登录'>
              <Text className='signin__name' data-testid='me-name'>
                {m.name}
              </Text>
              <Text className='signin__muted'>
                {m.typeLabel} · {m.regionName} · 医保编码 {m.code}
              </Text>
              <Text className='signin__muted'>令牌有效期至 {m.token.expiresAt ? formatDate(m.token.expiresAt) : '长期'}</Text>
            </Section>
            <Section title='自查与维护'>
              <View className='signin__actions'>
                <Tap kind='primary' block onTap={() => void Taro.navigateTo({ url: routes.pharmacyChecklist() })} label='合规自查清单'>
                  合规自查清单
                </Tap>
                <Tap kind='secondary' block onTap={() => void Taro.navigateTo({ url: routes.pharmacyListing() })} label='我的公示信息'>
                  我的公示信息（群众看到的样子）
                </Tap>
                <Tap kind='secondary' block onTap={() => void Taro.navigateTo({ url: routes.pharmacyUpload() })} label='批量上传价格'>
                  批量上传价格（CSV 表格）
                </Tap>
                <Tap kind='secondary' block onTap={() => void Taro.navigateTo({ url: routes.pharmacyShortage() })} label='报告药品短缺'>
                  报告集采药品短缺
                </Tap>
              </View>
            </Section>
            <Section title='本机构适用的规则'>
              {m.rules.map((r, i) => (
                <Text key={i} className='signin__rule'>
                  {i + 1}. {r}
                </Text>
              ))}
            </Section>
          </>
        )}
      </StateView>
      <Section>
        <Tap
          kind='plain'
          block
          onTap={() => {
            signOut();
            onSignOut();
          }}
          label='退出登录'
        >
          退出登录（清除本机保存的令牌）
        </Tap>
      </Section>
    </Page>
  );
}
