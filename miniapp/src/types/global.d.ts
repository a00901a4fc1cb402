/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';

/** Injected by config/index.ts defineConstants: '' on H5 (same origin), absolute on weapp. */
declare const API_BASE: string;

/** Injected by config/index.ts: TARO_APP_MAP_TILES at build time ('' when unset). */
declare const MAP_TILES: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn';
    TARO_APP_API?: string;
    TARO_APP_MAP_TILES?: string;
  }
}
