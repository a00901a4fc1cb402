export default definePageConfig({ navigationBarTitleText: '“三进”统计' });
