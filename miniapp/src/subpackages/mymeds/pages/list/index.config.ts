export default definePageConfig({ navigationBarTitleText: '我的常用药' });
