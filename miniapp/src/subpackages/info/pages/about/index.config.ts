export default definePageConfig({ navigationBarTitleText: '本地规则与数据来源' });
