import { describe, expect, it } from 'vitest';
import { parseFeatureColumnName, readFeatureCsv, writeFeatureCsv } from './feature-table-csv.js';

const HEADER = 'patient_id,study_instance_uid,centre,split,label';
const good = `${HEADER},t2_intra_original_firstorder_Mean,dce_peri_original_glcm_Contrast
P1,1.2.3,1,train,1,10.5,0.25
P2,1.2.4,1,validation,0,-3e-2,NaN
P3,1.2.5,2,test,0,7,
`;

describe('features table CSV', () => {
  it('reads identifying columns, feature values and missing values', () => {
    const data = readFeatureCsv(good, 'features.csv');
    expect(data.patients.map((p) => [p.patientId, p.centre, p.split, p.label])).toEqual([
      ['P1', '1', 'train', 1],
      ['P2', '1', 'validation', 0],
      ['P3', '2', 'test', 0],
    ]);
    expect(data.features.featureNames).toEqual([
      't2_intra_original_firstorder_Mean',
      'dce_peri_original_glcm_Contrast',
    ]);
    expect(Array.from(data.features.columns[0]!)).toEqual([10.5, -0.03, 7]);
    expect(data.features.columns[1]![0]).toBe(0.25);
    expect(Number.isNaN(data.features.columns[1]![1]!)).toBe(true);
    expect(Number.isNaN(data.features.columns[1]![2]!)).toBe(true);
  });

  it('writes what it reads, values exactly', () => {
    const data = readFeatureCsv(good, 'features.csv');
    const again = readFeatureCsv(writeFeatureCsv(data), 'again.csv');
    expect(again.patients).toEqual(data.patients);
    expect(again.features.columns.map((c) => Array.from(c))).toEqual(
      data.features.columns.map((c) => Array.from(c)),
    );
    const precise = `${HEADER},t2_intra_original_firstorder_Mean\nP1,u,1,train,1,0.1234567890123456789\nP2,u,1,train,0,1e-300\n`;
    const p = readFeatureCsv(precise, 'p.csv');
    expect(readFeatureCsv(writeFeatureCsv(p), 'q.csv').features.columns[0]).toEqual(p.features.columns[0]);
  });

  it('splits column names into sequence, region and PyRadiomics key', () => {
    expect(parseFeatureColumnName('t2_peri_original_firstorder_Mean')).toEqual({
      sequence: 't2',
      region: 'peri',
      key: 'original_firstorder_Mean',
    });
    expect(parseFeatureColumnName('wavelet-LHL_glszm_ZoneEntropy')).toBeUndefined();
    expect(parseFeatureColumnName('adc_intra_original_firstorder_Mean')).toBeUndefined();
  });

  it.each([
    [
      'a missing identifying column',
      'patient_id,centre,split,label,t2_intra_original_firstorder_Mean\nP1,1,train,1,2\n',
      'features_column_missing',
      /column 2 must be "study_instance_uid"/,
    ],
    [
      'a malformed feature column',
      `${HEADER},t2_mean\nP1,u,1,train,1,2\n`,
      'feature_column_name',
      /"t2_mean"/,
    ],
    [
      'a non-numeric value',
      `${HEADER},t2_intra_original_firstorder_Mean\nP1,u,1,train,1,abc\n`,
      'features_value_invalid',
      /line 2, column "t2_intra_original_firstorder_Mean" is "abc"/,
    ],
    [
      'a duplicate patient',
      `${HEADER},t2_intra_original_firstorder_Mean\nP1,u,1,train,1,2\nP1,v,1,train,0,3\n`,
      'features_patient_duplicate',
      /line 3 repeats the patient of line 2/,
    ],
    [
      'a label other than 0/1',
      `${HEADER},t2_intra_original_firstorder_Mean\nP1,u,1,train,2,2\n`,
      'features_value_invalid',
      /label "2"/,
    ],
    [
      'an unknown split',
      `${HEADER},t2_intra_original_firstorder_Mean\nP1,u,1,dev,1,2\n`,
      'features_value_invalid',
      /split "dev"/,
    ],
    [
      'a short row',
      `${HEADER},t2_intra_original_firstorder_Mean\nP1,u,1,train,1\n`,
      'csv_invalid',
      /line 2 has 5 cells but the header has 6/,
    ],
  ])('refuses %s with a named error', (_name, text, code, message) => {
    expect(() => readFeatureCsv(text, 'features.csv')).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
  });

  it('keeps patient identifiers out of error messages', () => {
    const text = `${HEADER},t2_intra_original_firstorder_Mean\nSECRET-ID,u,1,train,1,2\nSECRET-ID,v,1,train,0,3\n`;
    expect(() => readFeatureCsv(text, 'f.csv')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('SECRET') }),
    );
  });
});
