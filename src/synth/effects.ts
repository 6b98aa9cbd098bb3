/**
 * The HER-2 signal the generator plants, fixed here before any model is trained (issue: synthetic
 * studies). Each patient has two latent scores drawn from N(±separation/2, 1) by label: one drives
 * the peritumoral effects, one the intratumoral texture. A model that saw both latent scores
 * exactly would reach AUC = Φ(√(dₚ² + dᵢ²) / √2) — the oracle ceiling — here ≈ 0.80.
 * Everything else (lesion size, position, laterality, headers, series order) is drawn
 * independently of the label, so nothing leaks.
 */
export const HER2_EFFECTS = {
  /** Separation of the peritumoral latent score between HER-2+ and HER-2− (SD units). */
  peritumoralSeparation: 1.0,
  /** Separation of the intratumoral latent score (SD units); weaker than the peritumoral one. */
  intratumoralSeparation: 0.6,
  /** Peritumoral oedema: relative T2 signal increase at the lesion border per unit strength. */
  oedemaT2: 0.35,
  /** Peritumoral ADC increase at the border (10⁻⁶ mm²/s) per unit strength. */
  oedemaAdc: 350,
  /** Peritumoral enhancement: fraction of the lesion's enhancement seen at the border per unit strength. */
  peritumoralEnhancement: 0.35,
  /** Decay length of the peritumoral effects outside the lesion surface (mm). */
  peritumoralDecayMm: 2.5,
  /** Intratumoral heterogeneity: relative texture amplitude per unit strength. */
  intratumoralTexture: 0.22,
  /** How strongly a latent score moves its effect: strength = exp(gain × score). */
  strengthGain: 0.5,
} as const;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; |error| < 1.5e-7, enough for a ceiling). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** AUC of an ideal model that knows both latent scores: Φ(√(dₚ² + dᵢ²)/√2). */
export function oracleAuc(effects: typeof HER2_EFFECTS = HER2_EFFECTS): number {
  const d = Math.hypot(effects.peritumoralSeparation, effects.intratumoralSeparation);
  return normalCdf(d / Math.SQRT2);
}
