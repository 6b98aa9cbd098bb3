/**
 * A number whose shortest decimal form fits a DS value (≤ 16 characters), as close to `x` as that
 * allows. dcmjs would otherwise cut the string at 16 characters, which can change its value.
 */
export function toDecimalString(x: number): number {
  for (let digits = 15; digits >= 1; digits--) {
    const y = Number(x.toPrecision(digits));
    if (String(y).length <= 16) return y;
  }
  return 0;
}
