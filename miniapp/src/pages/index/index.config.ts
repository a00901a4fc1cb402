export default definePageConfig({ navigationBarTitleText: '药价通 · 集采药品比价' });
