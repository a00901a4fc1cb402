import { describe, expect, it } from 'vitest';
import { DEVICE_ID_PATTERN, newDeviceId, subscribedText } from '../src/lib/alert-text';

describe('降价/到货提醒 on the device', () => {
  it('makes a 32-character anonymous id from 24 random bytes, the form the server accepts', () => {
    const zeros = newDeviceId((n) => new Uint8Array(n));
    expect(zeros).toBe('A'.repeat(32));
    const ones = newDeviceId((n) => new Uint8Array(n).fill(255));
    expect(ones).toBe('_'.repeat(32));
    const random = newDeviceId((n) => crypto.getRandomValues(new Uint8Array(n)));
    expect(random).toMatch(DEVICE_ID_PATTERN);
    expect(newDeviceId((n) => crypto.getRandomValues(new Uint8Array(n)))).not.toBe(random);
  });

  it('tells the citizen what was subscribed, in plain words', () => {
    expect(subscribedText('price_drop', '小店区', '4.62')).toBe('已订阅降价提醒：小店区有低于 ¥4.62 的价格时提醒您');
    expect(subscribedText('restock', '小店区', null)).toBe('已订阅到货提醒：小店区有机构报告有货时提醒您');
    expect(subscribedText('price_drop', '小店区', '4.62', true)).toBe('已订阅降价提醒：小店区有低于 ¥4.62 的价格时提醒您（同成分同规格的其他厂家也算，按本品每盒折算）');
  });
});
