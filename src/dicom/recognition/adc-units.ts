import { AppError } from '../../errors/index.js';
import type { MrHeader } from '../header.js';

/**
 * ADC maps are stored in mm²/s (~0.001 for tissue), 10⁻³ mm²/s (~1) or 10⁻⁶ mm²/s (~1000),
 * rarely with units written down. The model uses 10⁻⁶ mm²/s; `scaleTo1e6` multiplies stored
 * real-world values (after rescale) into that unit.
 */
export interface AdcUnits {
  /** Factor to 10⁻⁶ mm²/s, or null when the evidence does not decide. */
  readonly scaleTo1e6: number | null;
  readonly unit: 'mm2/s' | '1e-3 mm2/s' | '1e-6 mm2/s' | 'unknown';
  readonly evidence: string;
}

/** UCUM codes seen in Real World Value Mapping of ADC maps. */
const UCUM_SCALE: Record<string, { scale: number; unit: AdcUnits['unit'] }> = {
  'mm2/s': { scale: 1e6, unit: 'mm2/s' },
  '10-3.mm2/s': { scale: 1e3, unit: '1e-3 mm2/s' },
  'um2/ms': { scale: 1e3, unit: '1e-3 mm2/s' },
  '10-6.mm2/s': { scale: 1, unit: '1e-6 mm2/s' },
  'um2/s': { scale: 1, unit: '1e-6 mm2/s' },
};

/**
 * Infers ADC units from a typical magnitude M of real-world values: from an explicit UCUM unit if
 * present; else from `typicalValue` when the caller has pixel statistics (e.g. the median of
 * positive voxels), else from the header's WindowCenter (a display setting centred on tissue),
 * else LargestImagePixelValue. Tissue ADC lies within 0.0001..0.004 mm²/s, so
 * M ≤ 0.05 → mm²/s; 0.05 < M ≤ 50 → 10⁻³ mm²/s; 50 < M ≤ 50 000 → 10⁻⁶ mm²/s; beyond → unknown.
 */
export function inferAdcUnits(headers: readonly MrHeader[], typicalValue?: number): AdcUnits {
  for (const h of headers) {
    const code = h.values.units;
    if (code !== null && UCUM_SCALE[code]) {
      const { scale, unit } = UCUM_SCALE[code]!;
      return { scaleTo1e6: scale, unit, evidence: `Real World Value Mapping units "${code}"` };
    }
  }
  let magnitude: number | undefined;
  let from: string;
  if (typicalValue !== undefined && Number.isFinite(typicalValue)) {
    magnitude = typicalValue;
    from = 'typical voxel value';
  } else {
    const rescaled = (h: MrHeader, v: number | null) =>
      v === null ? undefined : v * h.values.rescaleSlope + h.values.rescaleIntercept;
    magnitude = median(headers.map((h) => rescaled(h, h.values.windowCenter)));
    from = 'median WindowCenter';
    if (magnitude === undefined) {
      magnitude = median(headers.map((h) => rescaled(h, h.values.largestPixelValue)));
      from = 'median LargestImagePixelValue';
    }
  }
  if (magnitude === undefined || !(magnitude > 0)) {
    return {
      scaleTo1e6: null,
      unit: 'unknown',
      evidence: 'no units, window or pixel-range attribute to judge from',
    };
  }
  const shown = Number(magnitude.toPrecision(4));
  if (magnitude <= 0.05)
    return { scaleTo1e6: 1e6, unit: 'mm2/s', evidence: `${from} ${shown} ≤ 0.05: mm²/s` };
  if (magnitude <= 50) {
    return { scaleTo1e6: 1e3, unit: '1e-3 mm2/s', evidence: `${from} ${shown} in (0.05, 50]: 10⁻³ mm²/s` };
  }
  if (magnitude <= 50000) {
    return { scaleTo1e6: 1, unit: '1e-6 mm2/s', evidence: `${from} ${shown} in (50, 50000]: 10⁻⁶ mm²/s` };
  }
  return {
    scaleTo1e6: null,
    unit: 'unknown',
    evidence: `${from} ${shown} is implausible for ADC in any unit`,
  };
}

function median(values: readonly (number | undefined)[]): number | undefined {
  const finite = values
    .filter((v): v is number => v !== undefined && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/**
 * Median of the positive finite values (background 0 and negative noise left out), on a regular
 * subsample of at most `maxSamples` values: the `typicalValue` for {@link inferAdcUnits} when the
 * pixel data is at hand.
 */
export function typicalPositiveValue(values: ArrayLike<number>, maxSamples = 100_000): number | undefined {
  const stride = Math.max(1, Math.floor(values.length / maxSamples));
  const picked: number[] = [];
  for (let n = 0; n < values.length; n += stride) {
    const v = values[n]!;
    if (v > 0 && Number.isFinite(v)) picked.push(v);
  }
  return median(picked);
}

/** ADC values (real-world, after rescale) converted to 10⁻⁶ mm²/s. */
export function adcTo1e6(values: ArrayLike<number>, units: AdcUnits, what: string): Float32Array {
  const scale = units.scaleTo1e6;
  if (scale === null) {
    throw new AppError('adc_units_unknown', `${what}: ADC units cannot be determined (${units.evidence})`);
  }
  const out = new Float32Array(values.length);
  for (let n = 0; n < values.length; n++) out[n] = values[n]! * scale;
  return out;
}
