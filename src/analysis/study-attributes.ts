import type { DicomDataset } from '../dicom/dataset.js';
import type { StudyInput } from '../dicom/sr/index.js';
import { AppError } from '../errors/index.js';

/**
 * The Patient and General Study attributes of the outputs, copied exactly from a source image
 * (character set included): the SR and the companion must file into the same patient and study.
 * Values are copied as text; only checks the SR schema would reject anyway are made here, with a
 * message that names the attribute but not its value (it may identify the patient).
 */

function textOf(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    // Person Name: { Alphabetic, Ideographic, Phonetic } → "A=I=P" without empty trailing groups
    const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
    const groups = [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''];
    while (groups.length > 1 && groups.at(-1) === '') groups.pop();
    return groups.join('=');
  }
  return String(v);
}

const SUPPORTED_CHARSETS = ['ISO_IR 100', 'ISO_IR 192'] as const;

export function studyAttributes(ds: DicomDataset, what: string): StudyInput {
  const charset = textOf(ds.SpecificCharacterSet).trim();
  if (charset !== '' && !(SUPPORTED_CHARSETS as readonly string[]).includes(charset)) {
    throw new AppError(
      'study_charset_unsupported',
      `${what}: SpecificCharacterSet "${charset}" cannot be copied into the outputs (supported: ASCII, ${SUPPORTED_CHARSETS.join(', ')}).`,
      { details: { charset } },
    );
  }
  const sex = textOf(ds.PatientSex).trim();
  return {
    ...(charset ? { specificCharacterSet: charset as (typeof SUPPORTED_CHARSETS)[number] } : {}),
    patientName: textOf(ds.PatientName),
    patientId: textOf(ds.PatientID),
    patientBirthDate: textOf(ds.PatientBirthDate).trim(),
    patientSex: (['F', 'M', 'O'].includes(sex) ? sex : '') as StudyInput['patientSex'],
    patientAge: textOf(ds.PatientAge).trim(),
    studyInstanceUid: textOf(ds.StudyInstanceUID).trim(),
    studyDate: textOf(ds.StudyDate).trim(),
    studyTime: textOf(ds.StudyTime).trim(),
    studyId: textOf(ds.StudyID),
    accessionNumber: textOf(ds.AccessionNumber),
    studyDescription: textOf(ds.StudyDescription),
    referringPhysicianName: textOf(ds.ReferringPhysicianName),
  };
}
