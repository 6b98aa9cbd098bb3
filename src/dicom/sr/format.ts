import type { Code } from './codes.js';
import type { ContentItem } from './content-item.js';

/**
 * A readable, indented rendering of an SR content tree (for `her2 analyze` and the demo), in the
 * spirit of dsrdump: one line per item, relationship, value type, concept and value.
 */

function formatCode(c: Code): string {
  return `(${c.value}, ${c.scheme}, "${c.meaning}")`;
}

function formatValue(item: ContentItem): string {
  switch (item.valueType) {
    case 'CONTAINER':
      return item.template ? `[TID ${item.template}]` : '';
    case 'CODE':
      return `= ${formatCode(item.value)}`;
    case 'TEXT':
      return `= "${item.value}"`;
    case 'UIDREF':
      return `= ${item.value}`;
    case 'NUM':
      return `= ${item.value} ${item.unit.value === '1' ? '(no units)' : item.unit.value}`;
    case 'IMAGE':
      return `-> ${item.sopInstanceUid}${item.segmentNumber !== undefined ? ` segment ${item.segmentNumber}` : ''}`;
  }
}

export interface FormatSrTreeOptions {
  /** Collapse runs of IMAGE items in the Image Library to a count (default true). */
  collapseImages?: boolean;
}

export function formatSrTree(root: ContentItem, options: FormatSrTreeOptions = {}): string {
  const collapse = options.collapseImages ?? true;
  const lines: string[] = [];
  const visit = (item: ContentItem, depth: number) => {
    const indent = '  '.repeat(depth);
    const relationship = item.relationship ? `${item.relationship.toLowerCase()} ` : '';
    const concept = item.concept ? `${item.concept.meaning} ` : '';
    lines.push(`${indent}${relationship}${item.valueType} ${concept}${formatValue(item)}`.trimEnd());
    const children = item.children ?? [];
    const images = children.filter((c) => c.valueType === 'IMAGE' && !c.concept);
    if (collapse && images.length > 1) {
      lines.push(`${indent}  contains IMAGE x ${images.length}`);
      for (const c of children) if (!images.includes(c)) visit(c, depth + 1);
    } else {
      for (const c of children) visit(c, depth + 1);
    }
  };
  visit(root, 0);
  return lines.join('\n');
}
