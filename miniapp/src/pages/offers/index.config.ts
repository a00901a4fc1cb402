export default definePageConfig({ navigationBarTitleText: '药价通' });
