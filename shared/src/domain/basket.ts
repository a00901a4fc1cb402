/**
 * The basket quote's ranking rules ("我的常用药": where near me does my whole monthly list cost least).
 * Pure constants and arithmetic, shared by the server (ranking) and the mini-program (explaining it).
 */

/** At most this many medicines in one list (issue 16: "Up to 20 items per list"). */
export const BASKET_MAX_ITEMS = 20;

/**
 * Two stops are ranked by `total + PAIR_FEN_PER_KM × route`, where route is the walk/ride from the
 * user to the nearer stop and on to the other one (km). ¥1 a km is roughly what a bus ride or the time of
 * a short detour is worth to a pensioner: a second shop 5 km further must save more than ¥5 a month.
 */
export const PAIR_FEN_PER_KM = 100;

/** How many entries each ranked list of the quote returns. */
export const BASKET_RESULT_LIMIT = 10;

/** Plain-words statement of the two-stop rule, for the page. */
export const PAIR_RULE_TEXT = '两家合买按“月合计 + 每公里 1 元路程”排序：路程从您所在位置到较近的一家，再到另一家。';

/**
 * Packs of a product with `ratio` units per pack that cover `units` units a month (a substitute maker may
 * pack 14 tablets where the chosen product packs 28: the month still needs the same number of tablets).
 */
export function packsFor(units: number, ratio: number): number {
  return Math.ceil(units / Math.max(1, ratio));
}
