export default definePageConfig({ navigationBarTitleText: '药店自查' });
