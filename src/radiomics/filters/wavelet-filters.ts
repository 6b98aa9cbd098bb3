import { AppError } from '../../errors/index.js';
import { WAVELET_DEC_LO } from './wavelet-coefficients.js';

/** Analysis filters of an orthogonal wavelet (PyWavelets' `dec_lo`, `dec_hi`). */
export interface WaveletFilters {
  readonly name: string;
  readonly lowPass: readonly number[];
  readonly highPass: readonly number[];
}

/** Wavelet names accepted in the `wavelet` setting. */
export const WAVELET_NAMES: readonly string[] = Object.keys(WAVELET_DEC_LO);

/**
 * Looks a wavelet up by PyWavelets name (haar, db1–db10, sym2–sym10, coif1–coif5). The high-pass
 * filter is the quadrature mirror of the low-pass one, g[k] = (−1)^(k+1) · h[F−1−k], which is how
 * PyWavelets builds `dec_hi` for orthogonal wavelets.
 */
export function waveletFilters(name: string): WaveletFilters {
  const lowPass = WAVELET_DEC_LO[name];
  if (!lowPass) {
    throw new AppError(
      'filter_setting_invalid',
      `wavelet: unknown wavelet ${JSON.stringify(name)}; known: ${WAVELET_NAMES.join(', ')}`,
      { details: { setting: 'wavelet', value: name } },
    );
  }
  const f = lowPass.length;
  const highPass = lowPass.map((_, k) => (k % 2 === 0 ? -1 : 1) * lowPass[f - 1 - k]!);
  return { name, lowPass, highPass };
}
