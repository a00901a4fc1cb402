/**
 * weapp build of ./camera (Taro picks `camera.weapp.ts` for `import './camera'` there): WeChat scans
 * with its own scanner (Taro.scanCode), so no camera code and no ZXing go into the package.
 */
export interface CameraScan {
  stop(): void;
}

export function cameraProblem(_e: unknown): string {
  return '无法打开相机，请直接输入药盒上的数字。';
}

export async function startCamera(_video: unknown, _onCode: (text: string) => void): Promise<CameraScan> {
  throw Object.assign(new Error('the mini-program scans with Taro.scanCode'), { name: 'NotSupportedError' });
}
