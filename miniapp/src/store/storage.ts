import Taro from '@tarojs/taro';

/** Device storage (wx.setStorage / localStorage). Values never leave the device. */
export function load<T>(key: string, fallback: T): T {
  try {
    const v = Taro.getStorageSync(key) as T | '' | undefined;
    return v === '' || v === undefined || v === null ? fallback : v;
  } catch {
    return fallback;
  }
}

export function save<T>(key: string, value: T): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // storage full or unavailable: the app keeps working for this session
  }
}

export const KEYS = {
  elderMode: 'yaojia.elderMode',
  region: 'yaojia.region',
  location: 'yaojia.location',
  recent: 'yaojia.recentSearches',
  reports: 'yaojia.reports',
  /** 药店自查: the institution token the bureau issued (cleared on sign-out or a 401) */
  pharmacyToken: 'yaojia.pharmacyToken',
  /** 我的常用药 (issue 16): the list and the 可换厂家 switch */
  myMeds: 'yaojia.myMeds',
  /** 降价/到货提醒 on H5: the device's anonymous subscriber id (the server keeps only its hash) */
  alertDevice: 'yaojia.alertDevice',
} as const;
