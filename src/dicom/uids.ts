/** SOP class UIDs and other fixed identifiers this folder reads or writes. */
export const SOP_CLASS = {
  mrImage: '1.2.840.10008.5.1.4.1.1.4',
  enhancedMrImage: '1.2.840.10008.5.1.4.1.1.4.1',
  ctImage: '1.2.840.10008.5.1.4.1.1.2',
  segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
  /** Label Map Segmentation Storage (DICOM 2024, Sup 243). */
  labelMapSegmentation: '1.2.840.10008.5.1.4.1.1.66.7',
  rtStructureSet: '1.2.840.10008.5.1.4.1.1.481.3',
} as const;
