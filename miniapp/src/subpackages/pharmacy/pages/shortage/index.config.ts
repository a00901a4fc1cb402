export default definePageConfig({ navigationBarTitleText: '报告药品短缺' });
