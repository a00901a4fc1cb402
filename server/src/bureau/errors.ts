/** A bureau action refused for a reason the operator can fix (bad input, unknown code…). The CLI prints the message and exits 1. */
export class BureauError extends Error {
  override name = 'BureauError';
}
