import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * One config for both targets. `outputRoot` differs so dist/weapp and dist/h5 can coexist
 * (the API serves dist/h5 at / through H5_DIR).
 */
export default defineConfig<'webpack5'>(async () => {
  const isH5 = process.env.TARO_ENV === 'h5';
  // the workspace package is plain TS source: it must go through the loaders (TOOLCHAIN.md)
  const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src');
  // H5 is served by the API itself, so same origin; weapp needs an absolute base (build-time)
  const apiBase = isH5 ? '' : (process.env.TARO_APP_API ?? 'http://127.0.0.1:3000');

  const config: UserConfigExport<'webpack5'> = {
    projectName: 'yaojia-miniapp',
    date: '2026-11-23',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
    plugins: [],
    // the H5 map's tile URL; the API's /api/v1/config may set it at run time too (TileMap)
    defineConstants: { API_BASE: JSON.stringify(apiBase), MAP_TILES: JSON.stringify(process.env.TARO_APP_MAP_TILES ?? '') },
    // map marker for weapp <Map> (iconPath must be a file in the package, not a data URI)
    copy: { patterns: isH5 ? [] : [{ from: 'src/assets/marker.png', to: 'dist/weapp/assets/marker.png' }], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      // sizes are written in CSS px on purpose: 44px tap targets must stay 44px at 320px wide
      postcss: {
        pxtransform: { enable: false },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
      // components' styles are class-scoped (BEM), so cross-page CSS order does not matter
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      compile: { include: [sharedSrc] },
      router: { mode: 'hash' },
      esnextModules: [],
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'chunk/[name].[contenthash:8].js' },
      webpackChain(chain) {
        // the budget that matters is the weapp main package (scripts/package-size.mjs)
        chain.performance.hints(false);
      },
      postcss: {
        pxtransform: { enable: false },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return config;
});
