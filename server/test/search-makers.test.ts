import { describe, expect, it } from 'vitest';
import { MakerNames } from '../src/search/makers.js';

describe("makers' short names in a query (issue 17 §1)", () => {
  const makers = ['浙江京新药业股份有限公司', '石药集团欧意药业有限公司', '扬子江药业集团有限公司', '施慧达药业集团（吉林）有限公司', '杭州中美华东制药有限公司'];
  // 施慧达 is also a brand of 苯磺酸左氨氯地平片: a piece of a name is never a maker
  const names = ['苯磺酸氨氯地平片', '氨氯地平', '阿托伐他汀钙片', '阿托伐他汀', '施慧达', '二甲双胍'];
  const m = new MakerNames(makers, names);
  const isName = (t: string) => names.includes(t);

  it('takes the maker off the end or the start, the longest first', () => {
    expect(m.split('氨氯地平京新', isName)).toEqual({ text: '氨氯地平', maker: '京新' });
    expect(m.split('阿托扬子江', isName)).toEqual({ text: '阿托', maker: '扬子江' });
    expect(m.split('石药二甲双胍', isName)).toEqual({ text: '二甲双胍', maker: '石药' });
    expect(m.split('阿托欧意', isName)).toEqual({ text: '阿托', maker: '欧意' });
    // a place in the company's name names its makers there
    expect(m.split('二甲杭州', isName)).toEqual({ text: '二甲', maker: '杭州' });
  });
  it('never cuts a name, never takes company words or a name piece for a maker, leaves two characters of name', () => {
    expect(m.split('氨氯地平', isName)).toBeNull();
    expect(m.split('二甲药业', isName)).toBeNull();
    expect(m.split('阿托施慧', isName)).toBeNull();
    expect(m.split('京新', isName)).toBeNull();
    expect(m.split('氨京新', isName)).toBeNull();
  });
});
