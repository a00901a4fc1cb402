export default definePageConfig({ navigationBarTitleText: '我的公示信息' });
