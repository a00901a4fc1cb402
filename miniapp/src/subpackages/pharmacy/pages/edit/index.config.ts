export default definePageConfig({ navigationBarTitleText: '修改价格和库存' });
