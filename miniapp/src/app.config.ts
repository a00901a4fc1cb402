/** The only route list: main-package pages, then rarely used screens in subpackages. */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/results/index', 'pages/offers/index', 'pages/institution/index'],
  subPackages: [
    { root: 'subpackages/info', pages: ['pages/about/index'] },
    { root: 'subpackages/feedback', pages: ['pages/report/index', 'pages/mine/index'] },
    { root: 'subpackages/price', pages: ['pages/history/index'] },
    { root: 'subpackages/nearby', pages: ['pages/map/index'] },
    { root: 'subpackages/pharmacy', pages: ['pages/signin/index', 'pages/checklist/index', 'pages/listing/index', 'pages/edit/index', 'pages/shortage/index', 'pages/upload/index'] },
    { root: 'subpackages/stats', pages: ['pages/overview/index'] },
    { root: 'subpackages/mymeds', pages: ['pages/list/index'] },
    { root: 'subpackages/alerts', pages: ['pages/inbox/index'] },
    { root: 'subpackages/scan', pages: ['pages/code/index'] },
  ],
  window: {
    navigationBarTitleText: '药价通',
    navigationBarBackgroundColor: '#0b5cad',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f8',
    backgroundTextStyle: 'dark',
  },
  permission: {
    'scope.userLocation': { desc: '用于查找您附近出售集采药品的药店和医疗机构（位置只精确到约 100 米，不会被保存）' },
  },
  requiredPrivateInfos: ['getLocation'],
  lazyCodeLoading: 'requiredComponents',
  // H5: no sliding page transitions (calmer for older readers; screenshots never catch a half-slid page)
  animation: false,
});
