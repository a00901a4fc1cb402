import Taro from '@tarojs/taro';
import { KEYS, load, save } from '../store/storage';
import { DEVICE_ID_PATTERN, newDeviceId } from './alert-text';

export { subscribedText } from './alert-text';

/**
 * Who subscribes to 降价/到货提醒. H5: an anonymous id made on this device (random, kept in its
 * storage; the server keeps only a hash of it) — the 我的提醒 page lists what was delivered to it.
 * WeChat: a fresh wx.login code each time, which the server exchanges for the openid; the messages
 * arrive as WeChat subscribe messages.
 */
function deviceId(): string {
  const had = load<string>(KEYS.alertDevice, '');
  if (DEVICE_ID_PATTERN.test(had)) return had;
  const id = newDeviceId((n) => crypto.getRandomValues(new Uint8Array(n)));
  save(KEYS.alertDevice, id);
  return id;
}

export const isWeapp = () => process.env.TARO_ENV === 'weapp';

/** The headers naming the subscriber for one call. */
export async function subscriberHeaders(): Promise<Record<string, string>> {
  if (isWeapp()) {
    const { code } = await Taro.login();
    return { 'x-wx-code': code };
  }
  return { 'x-device-id': deviceId() };
}

/**
 * WeChat asks the user once per message: true when the user allowed this template (always true on H5,
 * where nothing needs asking).
 */
export async function askWeChatPermission(templateId: string | undefined): Promise<boolean> {
  if (!isWeapp() || !templateId) return true;
  try {
    const r = (await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
    return r[templateId] === 'accept';
  } catch {
    return false;
  }
}
