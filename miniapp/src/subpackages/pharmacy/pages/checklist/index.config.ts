export default definePageConfig({ navigationBarTitleText: '合规自查' });
