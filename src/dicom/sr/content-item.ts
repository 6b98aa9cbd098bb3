import { AppError } from '../../errors/index.js';
import type { Code } from './codes.js';

/**
 * SR content items (PS3.3 C.17.3 SR Document Content Module) as a small tree of plain objects,
 * and their conversion to and from naturalized DICOM datasets (dcmjs keyword form). Builders
 * work on this tree; only this module knows the attribute names of each value type.
 */

export type RelationshipType =
  | 'CONTAINS'
  | 'HAS OBS CONTEXT'
  | 'HAS CONCEPT MOD'
  | 'HAS PROPERTIES'
  | 'HAS ACQ CONTEXT'
  | 'INFERRED FROM'
  | 'SELECTED FROM';

interface ItemBase {
  /** Absent only on the root container. */
  readonly relationship?: RelationshipType;
  /** Concept name; optional only for IMAGE items in an Image Library group (TID 1601). */
  readonly concept?: Code;
  readonly children?: readonly ContentItem[];
}

export interface ContainerItem extends ItemBase {
  readonly valueType: 'CONTAINER';
  readonly continuity: 'SEPARATE' | 'CONTINUOUS';
  readonly template?: string;
}
export interface CodeItem extends ItemBase {
  readonly valueType: 'CODE';
  readonly value: Code;
}
export interface TextItem extends ItemBase {
  readonly valueType: 'TEXT';
  readonly value: string;
}
export interface UidrefItem extends ItemBase {
  readonly valueType: 'UIDREF';
  readonly value: string;
}
export interface NumItem extends ItemBase {
  readonly valueType: 'NUM';
  readonly value: number;
  readonly unit: Code;
}
export interface ImageItem extends ItemBase {
  readonly valueType: 'IMAGE';
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly segmentNumber?: number;
}

export type ContentItem = ContainerItem | CodeItem | TextItem | UidrefItem | NumItem | ImageItem;

type Dataset = Record<string, unknown>;

export function codeToDataset(c: Code): Dataset {
  return { CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning };
}

/** Reads a code sequence item; dcmjs gives a one-item sequence as an object or a one-element array. */
export function codeFromDataset(raw: unknown, where: string): Code {
  const item = firstItem(raw);
  if (!item || typeof item.CodeValue !== 'string' || typeof item.CodingSchemeDesignator !== 'string') {
    throw new AppError('sr_content_invalid', `${where}: missing or incomplete code sequence`);
  }
  return {
    value: item.CodeValue,
    scheme: item.CodingSchemeDesignator,
    meaning: String(item.CodeMeaning ?? ''),
  };
}

export function items(raw: unknown): Dataset[] {
  if (raw === undefined || raw === null) return [];
  return (Array.isArray(raw) ? raw : [raw]) as Dataset[];
}

function firstItem(raw: unknown): Dataset | undefined {
  return items(raw)[0];
}

/** A content item (and its subtree) as a ContentSequence item, or as the root dataset's content attributes. */
export function contentItemToDataset(item: ContentItem): Dataset {
  const out: Dataset = {};
  if (item.relationship) out.RelationshipType = item.relationship;
  out.ValueType = item.valueType;
  if (item.concept) out.ConceptNameCodeSequence = [codeToDataset(item.concept)];
  switch (item.valueType) {
    case 'CONTAINER':
      out.ContinuityOfContent = item.continuity;
      if (item.template) {
        out.ContentTemplateSequence = [{ MappingResource: 'DCMR', TemplateIdentifier: item.template }];
      }
      break;
    case 'CODE':
      out.ConceptCodeSequence = [codeToDataset(item.value)];
      break;
    case 'TEXT':
      out.TextValue = item.value;
      break;
    case 'UIDREF':
      out.UID = item.value;
      break;
    case 'NUM':
      // NumericValue (DS) holds 16 characters; FloatingPointValue keeps the exact double.
      out.MeasuredValueSequence = [
        {
          MeasurementUnitsCodeSequence: [codeToDataset(item.unit)],
          NumericValue: item.value,
          FloatingPointValue: item.value,
        },
      ];
      break;
    case 'IMAGE':
      out.ReferencedSOPSequence = [
        {
          ReferencedSOPClassUID: item.sopClassUid,
          ReferencedSOPInstanceUID: item.sopInstanceUid,
          ...(item.segmentNumber !== undefined ? { ReferencedSegmentNumber: item.segmentNumber } : {}),
        },
      ];
      break;
  }
  if (item.children && item.children.length > 0) {
    out.ContentSequence = item.children.map(contentItemToDataset);
  }
  return out;
}

/** The inverse of `contentItemToDataset`; `where` names the item's position in error messages. */
export function contentItemFromDataset(ds: Dataset, where = 'root'): ContentItem {
  const valueType = ds.ValueType;
  const relationship = ds.RelationshipType as RelationshipType | undefined;
  const concept =
    ds.ConceptNameCodeSequence !== undefined
      ? codeFromDataset(ds.ConceptNameCodeSequence, `${where} concept name`)
      : undefined;
  const children = items(ds.ContentSequence).map((child, n) =>
    contentItemFromDataset(child, `${where}.${n + 1}`),
  );
  const base = {
    ...(relationship ? { relationship } : {}),
    ...(concept ? { concept } : {}),
    ...(children.length > 0 ? { children } : {}),
  };
  switch (valueType) {
    case 'CONTAINER': {
      const template = firstItem(ds.ContentTemplateSequence)?.TemplateIdentifier;
      return {
        ...base,
        valueType,
        continuity: ds.ContinuityOfContent === 'CONTINUOUS' ? 'CONTINUOUS' : 'SEPARATE',
        ...(typeof template === 'string' ? { template } : {}),
      };
    }
    case 'CODE':
      return { ...base, valueType, value: codeFromDataset(ds.ConceptCodeSequence, `${where} value`) };
    case 'TEXT':
      return { ...base, valueType, value: String(ds.TextValue ?? '') };
    case 'UIDREF':
      return { ...base, valueType, value: String(ds.UID ?? '') };
    case 'NUM': {
      const measured = firstItem(ds.MeasuredValueSequence);
      if (!measured) throw new AppError('sr_content_invalid', `${where}: NUM without a measured value`);
      const exact = measured.FloatingPointValue;
      const value = typeof exact === 'number' ? exact : Number(measured.NumericValue);
      return {
        ...base,
        valueType,
        value,
        unit: codeFromDataset(measured.MeasurementUnitsCodeSequence, `${where} unit`),
      };
    }
    case 'IMAGE': {
      const ref = firstItem(ds.ReferencedSOPSequence);
      if (!ref) throw new AppError('sr_content_invalid', `${where}: IMAGE without a referenced SOP`);
      const segment = ref.ReferencedSegmentNumber;
      return {
        ...base,
        valueType,
        sopClassUid: String(ref.ReferencedSOPClassUID),
        sopInstanceUid: String(ref.ReferencedSOPInstanceUID),
        ...(segment !== undefined
          ? { segmentNumber: Number(Array.isArray(segment) ? segment[0] : segment) }
          : {}),
      };
    }
    default:
      throw new AppError('sr_content_unsupported', `${where}: value type ${String(valueType)} is not read`);
  }
}
