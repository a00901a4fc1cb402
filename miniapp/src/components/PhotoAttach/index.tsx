import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ApiError } from '../../api';
import { uploadPhoto, type PickedPhoto } from '../../api/upload';
import { photoProblem } from '../../lib/photo';
import { Tap } from '../Tap';
import './index.scss';

export interface PhotoAttachProps {
  /** where the photo goes, e.g. /api/v1/reports/JB…/photos */
  path: string;
  token?: string;
  /** what the photo is of, e.g. 价签或小票 */
  what: string;
  max?: number;
}

/**
 * Adds a photo to something already filed: the H5 file input or the mini-program's chooseMedia. The
 * server keeps its own re-encoding (no location or camera data), which the hint says in plain words.
 */
export function PhotoAttach({ path, token, what, max = 3 }: PhotoAttachProps) {
  const [count, setCount] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function send(photo: PickedPhoto) {
    setBusy(true);
    setProblem(null);
    try {
      const r = await uploadPhoto(path, photo, token);
      setCount(r.photos);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '上传失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  async function chooseInMiniProgram() {
    try {
      const r = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'] });
      const f = r.tempFiles[0];
      if (!f) return;
      const bad = photoProblem({ size: f.size });
      if (bad) return setProblem(bad);
      await send({ kind: 'path', path: f.tempFilePath });
    } catch {
      // cancelled
    }
  }

  const full = count >= max;
  return (
    <View className='photo' data-testid='photo-attach'>
      <Text className='photo__title'>添加{what}照片（选填，最多 {max} 张）</Text>
      <Text className='photo__hint'>照片会去除拍摄地点、手机型号等信息后保存，只给医保部门核实用。</Text>
      {!full &&
        (process.env.TARO_ENV === 'h5' ? (
          <label className={`photo__pick ${busy ? 'photo__pick--busy' : ''}`}>
            {busy ? '正在上传…' : '拍照或选择照片'}
            <input
              className='photo__input'
              type='file'
              accept='image/jpeg,image/png'
              aria-label={`添加${what}照片`}
              disabled={busy}
              onChange={(e) => {
                const input = e.currentTarget;
                const file = input.files?.[0];
                input.value = '';
                if (!file) return;
                const bad = photoProblem({ type: file.type, size: file.size });
                if (bad) return setProblem(bad);
                void send({ kind: 'file', file });
              }}
            />
          </label>
        ) : (
          <Tap kind='secondary' block disabled={busy} onTap={() => void chooseInMiniProgram()} label={`添加${what}照片`}>
            {busy ? '正在上传…' : '拍照或选择照片'}
          </Tap>
        ))}
      {count > 0 && (
        <Text className='photo__done' data-testid='photo-count'>
          ✓ 已上传 {count} 张照片
        </Text>
      )}
      {problem && (
        <View ariaRole='alert'>
          <Text className='photo__error'>{problem}</Text>
        </View>
      )}
    </View>
  );
}
