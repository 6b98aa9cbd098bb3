import { z } from 'zod';

/** Which series feed the model; defaults follow the published HER-2 radiomics protocols. */
export const recognitionSettingsSchema = z
  .object({
    /**
     * Diffusion input. 'adc-if-present': the scanner's ADC map, else an ADC fitted from a DWI
     * series with at least two b-values. 'adc': ADC map only. 'fit-from-dwi': always fit.
     * @defaultValue 'adc-if-present'
     */
    diffusionSource: z.enum(['adc-if-present', 'adc', 'fit-from-dwi']).default('adc-if-present'),
    /**
     * Which post-contrast DCE phase is "DCE post" (1 = first after the pre-contrast phase).
     * @defaultValue 1
     */
    dcePostPhase: z.number().int().min(1).default(1),
  })
  .strict();

export type RecognitionSettings = z.infer<typeof recognitionSettingsSchema>;
export type RecognitionSettingsInput = z.input<typeof recognitionSettingsSchema>;
