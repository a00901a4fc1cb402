import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Field } from '../../../../components/Field';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { Tap } from '../../../../components/Tap';
import { useDrugLookup } from '../../../../hooks/api';
import { param, routes } from '../../../../lib/routes';
import { CODE_INPUT_HINT, lookupDestination } from '../../../../lib/scan';
import { usePrefs } from '../../../../store/prefs';
import type { CameraScan } from '../../camera';
import './index.scss';

type CameraState = { state: 'off' } | { state: 'starting' } | { state: 'on' } | { state: 'failed'; message: string };

/**
 * 扫码查药 (issue 15 §1): a code scanned (weapp's scanCode, or the H5 camera) or typed is looked up in the
 * region's catalog; one product opens its nearby prices, several their 通用名's results.
 */
export default function ScanCode() {
  const router = useRouter();
  const { region } = usePrefs();
  const [typed, setTyped] = useState('');
  const [asked, setAsked] = useState(param(router.params, 'code') ?? '');
  const lookup = useDrugLookup(asked || null, region);
  const [camera, setCamera] = useState<CameraState>({ state: 'off' });
  const scan = useRef<CameraScan | null>(null);

  useEffect(() => {
    if (lookup.data) void Taro.redirectTo({ url: lookupDestination(lookup.data) });
  }, [lookup.data]);

  useEffect(() => {
    if (process.env.TARO_ENV === 'h5' && param(router.params, 'camera') === '1') void openCamera();
    return () => scan.current?.stop();
    // once, when the page opens
  }, []);

  function ask(code: string) {
    const c = code.trim();
    if (!c) return;
    if (c === asked && lookup.error) lookup.reload();
    setAsked(c);
  }

  async function openCamera() {
    if (process.env.TARO_ENV === 'weapp') {
      try {
        const r = await Taro.scanCode({ scanType: ['barCode', 'qrCode', 'datamatrix'] });
        ask(r.result);
      } catch {
        // cancelled: typing stays possible
      }
      return;
    }
    // the branch is dropped from the weapp build: no camera module, no ZXing there
    if (process.env.TARO_ENV === 'h5') {
      const box = document.getElementById('scan-camera');
      if (!box) return;
      scan.current?.stop();
      setCamera({ state: 'starting' });
      const video = document.createElement('video');
      video.className = 'scan__video';
      box.replaceChildren(video);
      const { startCamera, cameraProblem } = await import('../../camera');
      try {
        scan.current = await startCamera(video, (text) => {
          setCamera({ state: 'off' });
          box.replaceChildren();
          ask(text);
        });
        setCamera({ state: 'on' });
      } catch (e) {
        box.replaceChildren();
        setCamera({ state: 'failed', message: cameraProblem(e) });
      }
    }
  }

  function closeCamera() {
    scan.current?.stop();
    scan.current = null;
    if (process.env.TARO_ENV === 'h5') document.getElementById('scan-camera')?.replaceChildren();
    setCamera({ state: 'off' });
  }

  const error = lookup.error;
  // words, not a code (a name the region's lists do not know, 感冒药, a misspelt brand): the search may still find it
  const typedName = error?.status === 400 && /[^\d\s-]/.test(asked) ? asked : null;
  return (
    <Page>
      <Section title='扫药盒上的条形码或追溯码'>
        <Text className='scan__lead'>查到药品后，直接看附近药店的价格。</Text>
        <View id='scan-camera' className={`scan__camera ${camera.state === 'on' || camera.state === 'starting' ? 'scan__camera--on' : ''}`} />
        {camera.state === 'starting' && <Text className='scan__status'>正在打开相机…</Text>}
        {camera.state === 'on' && <Text className='scan__status'>把条形码或追溯码放进画面中间，对准后会自动识别</Text>}
        {camera.state === 'failed' && (
          <Text className='scan__status scan__status--problem' data-testid='camera-problem'>
            {camera.message}
          </Text>
        )}
        <View className='scan__actions'>
          {camera.state === 'on' || camera.state === 'starting' ? (
            <Tap kind='secondary' block onTap={closeCamera} label='关闭相机'>
              关闭相机
            </Tap>
          ) : (
            <Tap kind='primary' block onTap={() => void openCamera()} label='用相机扫码'>
              用相机扫码
            </Tap>
          )}
        </View>
      </Section>
      <Section title='或输入药盒上的数字'>
        <Field label='条形码、追溯码或医保药品编码' hint={CODE_INPUT_HINT} error={error ? error.message : null} testId='code-field'>
          <Input
            className='field__input'
            type='text'
            confirmType='search'
            placeholder='如 20 位追溯码'
            value={typed}
            maxlength={60}
            onInput={(e) => setTyped(e.detail.value)}
            onConfirm={(e) => ask(e.detail.value)}
            ariaLabel='药盒上的编码'
          />
        </Field>
        <Tap kind='primary' block disabled={lookup.loading} onTap={() => ask(typed)} label='查询这个编码'>
          {lookup.loading ? '正在查询…' : '查询'}
        </Tap>
        {error?.retryable && (
          <Tap kind='plain' block onTap={lookup.reload} label='重试'>
            重试
          </Tap>
        )}
        {typedName && (
          <Tap kind='secondary' block onTap={() => void Taro.navigateTo({ url: routes.results(typedName) })} label={`按药品名称搜索“${typedName}”`}>
            按药品名称搜索“{typedName}”
          </Tap>
        )}
      </Section>
    </Page>
  );
}
