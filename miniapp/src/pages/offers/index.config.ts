export default definePageConfig({ navigationBarTitleText: '附近价格' });
