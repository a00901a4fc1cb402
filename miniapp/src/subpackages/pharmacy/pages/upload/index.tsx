import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { UploadIssue, UploadRejected } from '@yaojia/shared';
import { Page } from '../../../../components/Page';
import { Section } from '../../../../components/Section';
import { Tap } from '../../../../components/Tap';
import { usePharmacyToken, useUploadPrices } from '../../../../hooks/pharmacy';
import { uploadIssueText } from '../../../../lib/pharmacy';
import { routes } from '../../../../lib/routes';
import './index.scss';

const MAX_BYTES = 2_000_000;

/** The file's problems, row by row, as the API listed them (nothing is saved unless every row passes). */
function issuesOf(body: unknown): UploadIssue[] {
  const b = body as Partial<UploadRejected> | null;
  return Array.isArray(b?.errors) ? b.errors : [];
}

/** POST /api/v1/me/offers/upload: the institution's prices as a CSV file, all rows or none. */
export default function Upload() {
  const token = usePharmacyToken();
  const upload = useUploadPrices();
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function send(name: string, text: string) {
    if (!token) return;
    setFileName(name);
    setProblem(null);
    await upload.submit(token, text);
  }

  async function chooseInMiniProgram() {
    try {
      const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv'] });
      const f = r.tempFiles[0];
      if (!f) return;
      if (f.size > MAX_BYTES) return setProblem('文件太大：请不超过 2 MB（约 2 万行）');
      const text = Taro.getFileSystemManager().readFileSync(f.path, 'utf8') as string;
      await send(f.name, text);
    } catch {
      // cancelled
    }
  }

  const issues = upload.error ? issuesOf(upload.error.body) : [];
  const r = upload.result;
  return (
    <Page>
      <Section title='用表格一次上报全部价格'>
        <Text className='up__p'>上传 CSV 表格（可用 Excel “另存为 CSV UTF-8”），列为：药品统一编码、销售价、网售价（可空）、库存数量（可空）、更新时间（可空）。</Text>
        <Text className='up__p'>全部行都没有问题才会生效；有问题时会逐行列出，改好后重新上传即可。</Text>
        {process.env.TARO_ENV === 'h5' ? (
          <label className={`up__pick ${upload.submitting ? 'up__pick--busy' : ''}`}>
            {upload.submitting ? '正在上传…' : '选择 CSV 文件'}
            <input
              className='up__input'
              type='file'
              accept='.csv,text/csv'
              aria-label='选择价格表格文件'
              disabled={upload.submitting}
              onChange={(e) => {
                const input = e.currentTarget;
                const file = input.files?.[0];
                input.value = '';
                if (!file) return;
                if (file.size > MAX_BYTES) return setProblem('文件太大：请不超过 2 MB（约 2 万行）');
                void file.text().then((text) => send(file.name, text));
              }}
            />
          </label>
        ) : (
          <Tap kind='primary' block disabled={upload.submitting} onTap={() => void chooseInMiniProgram()} label='选择 CSV 文件'>
            {upload.submitting ? '正在上传…' : '从聊天记录选择 CSV 文件'}
          </Tap>
        )}
        {problem && (
          <View ariaRole='alert'>
            <Text className='up__error'>{problem}</Text>
          </View>
        )}
      </Section>

      {r && (
        <Section title='上传成功'>
          <View data-testid='upload-done'>
            <Text className='up__ok'>
              ✓ {fileName}：共 {r.rows} 行，新增 {r.added} 个药品，{r.changed} 个价格或库存有变化，{r.unchanged} 个价格确认未变。群众端已更新。
            </Text>
            {r.warnings.map((w, i) => (
              <Text key={i} className='up__warn'>
                提示：{w.row ? `第 ${w.row} 行` : ''}
                {w.column ? `“${w.column}”列` : ''} {uploadIssueText(w)}
              </Text>
            ))}
          </View>
          <Tap kind='secondary' block onTap={() => void Taro.redirectTo({ url: routes.pharmacyListing() })}>
            查看我的公示信息
          </Tap>
        </Section>
      )}

      {upload.error && (
        <Section title='文件有问题，未生效'>
          <View ariaRole='alert' data-testid='upload-errors'>
            {/* the API's summary line is for developers; the page says it in its own words */}
            <Text className='up__error'>{issues.length ? `${fileName}：发现 ${issues.length} 处问题，全部未生效。请按下面逐行修改后重新上传。` : `${fileName}：${upload.error.message}`}</Text>
            {issues.map((e, i) => (
              <View key={i} className='up__issue' data-testid='upload-issue'>
                <Text className='up__where'>
                  {e.row ? `第 ${e.row} 行` : '整个文件'}
                  {e.column ? ` · ${e.column}${e.columnLetter ? `（${e.columnLetter} 列）` : ''}` : ''}
                </Text>
                <Text>{uploadIssueText(e)}</Text>
              </View>
            ))}
          </View>
        </Section>
      )}
    </Page>
  );
}
