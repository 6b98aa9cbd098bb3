import * as codes from './codes.js';
import type { ContentItem } from './content-item.js';
import type { MeasurementReportInput } from './schema.js';

/**
 * The context part of TID 1500: language (TID 1204), device observer (TID 1001/1002/1004),
 * procedure reported (CID 100) and the Image Library (TID 1600/1601). PS3.16 Annex A.
 */

/** TID 1204 Language of Content Item and Descendants: en-US (RFC 5646). */
export function languageOfContent(): ContentItem {
  return {
    relationship: 'HAS CONCEPT MOD',
    valueType: 'CODE',
    concept: codes.LANGUAGE_OF_CONTENT,
    value: codes.ENGLISH_US,
  };
}

/** TID 1002 Observer Context with a device observer (TID 1004): the trained model. */
export function deviceObserverContext(model: MeasurementReportInput['model']): ContentItem[] {
  return [
    { relationship: 'HAS OBS CONTEXT', valueType: 'CODE', concept: codes.OBSERVER_TYPE, value: codes.DEVICE },
    {
      relationship: 'HAS OBS CONTEXT',
      valueType: 'UIDREF',
      concept: codes.DEVICE_OBSERVER_UID,
      value: model.deviceUid,
    },
    {
      relationship: 'HAS OBS CONTEXT',
      valueType: 'TEXT',
      concept: codes.DEVICE_OBSERVER_NAME,
      value: model.name,
    },
    {
      relationship: 'HAS OBS CONTEXT',
      valueType: 'TEXT',
      concept: codes.DEVICE_OBSERVER_MANUFACTURER,
      value: model.manufacturer,
    },
    {
      relationship: 'HAS OBS CONTEXT',
      valueType: 'TEXT',
      concept: codes.DEVICE_OBSERVER_MODEL_NAME,
      value: `${model.name} ${model.version}`,
    },
  ];
}

/** TID 1500 row 4: the imaging procedure analysed (not the algorithm). */
export function procedureReported(): ContentItem {
  return {
    relationship: 'HAS CONCEPT MOD',
    valueType: 'CODE',
    concept: codes.PROCEDURE_REPORTED,
    value: codes.MULTIPARAMETRIC_MRI,
  };
}

/** TID 1600 Image Library: one Image Library Group per source series, one IMAGE (TID 1601) per instance. */
export function imageLibrary(sourceSeries: MeasurementReportInput['sourceSeries']): ContentItem {
  return {
    relationship: 'CONTAINS',
    valueType: 'CONTAINER',
    concept: codes.IMAGE_LIBRARY,
    continuity: 'SEPARATE',
    children: sourceSeries.map(
      (series): ContentItem => ({
        relationship: 'CONTAINS',
        valueType: 'CONTAINER',
        concept: codes.IMAGE_LIBRARY_GROUP,
        continuity: 'SEPARATE',
        children: series.sopInstanceUids.map(
          (sopInstanceUid): ContentItem => ({
            relationship: 'CONTAINS',
            valueType: 'IMAGE',
            sopClassUid: series.sopClassUid,
            sopInstanceUid,
          }),
        ),
      }),
    ),
  };
}
