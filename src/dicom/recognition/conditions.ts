import type { FactValue } from './series-facts.js';
import type { Condition } from './site-rules.js';

export interface ConditionVerdict {
  readonly holds: boolean;
  /** e.g. `repetitionTime 8 <= 15` or `imageType [ORIGINAL, PRIMARY] does not include ADC`. */
  readonly why: string;
}

/** Evaluates one rule condition on a fact value. String comparisons ignore case. */
export function evaluateCondition(condition: Condition, value: FactValue): ConditionVerdict {
  const name = condition.field;
  const shown = show(value);
  const absent = value === null || value === '' || (Array.isArray(value) && value.length === 0);
  const verdict = (holds: boolean, relation: string, negated: string) => ({
    holds,
    why: `${name} ${shown} ${holds ? relation : negated}`,
  });

  if (condition.present !== undefined) {
    return verdict(
      !absent === condition.present,
      condition.present ? 'is present' : 'is absent',
      condition.present ? 'is absent' : 'is present',
    );
  }
  if (absent && condition.orAbsent) return { holds: true, why: `${name} is absent (allowed)` };

  const texts = (Array.isArray(value) ? value : absent ? [] : [value]).map((v) => String(v).toUpperCase());
  if (condition.equals !== undefined) {
    const expected = condition.equals;
    const holds =
      typeof expected === 'string'
        ? typeof value === 'string' && value.toUpperCase() === expected.toUpperCase()
        : value === expected;
    return { holds, why: holds ? `${name} is ${shown}` : `${name} is ${shown}, not ${String(expected)}` };
  }
  if (condition.includesAny !== undefined) {
    const wanted = condition.includesAny.map((s) => s.toUpperCase());
    const hit = wanted.find((w) => texts.includes(w));
    return verdict(hit !== undefined, `includes ${hit}`, `includes none of ${wanted.join(', ')}`);
  }
  if (condition.includesNone !== undefined) {
    const banned = condition.includesNone.map((s) => s.toUpperCase());
    const hit = banned.find((w) => texts.includes(w));
    return verdict(hit === undefined, `includes none of ${banned.join(', ')}`, `includes ${hit}`);
  }
  if (condition.matches !== undefined || condition.notMatches !== undefined) {
    const pattern = (condition.matches ?? condition.notMatches)!;
    const re = new RegExp(pattern, 'i');
    const matched =
      texts.length > 0 && (Array.isArray(value) ? value : [value]).some((v) => re.test(String(v)));
    const holds = condition.matches !== undefined ? matched : !matched;
    return {
      holds,
      why: `${name} ${shown} ${matched ? 'matches' : 'does not match'} /${pattern}/i`,
    };
  }
  const numeric = typeof value === 'number' ? value : null;
  const compare = (
    bound: number | undefined,
    op: string,
    test: (a: number, b: number) => boolean,
  ): ConditionVerdict | null => {
    if (bound === undefined) return null;
    if (numeric === null)
      return { holds: false, why: `${name} is ${absent ? 'absent' : `${shown}, not a number`}` };
    return verdict(test(numeric, bound), `${op} ${bound}`, `is not ${op} ${bound}`);
  };
  return (
    compare(condition.gte, '>=', (a, b) => a >= b) ??
    compare(condition.lte, '<=', (a, b) => a <= b) ??
    compare(condition.gt, '>', (a, b) => a > b) ??
    compare(condition.lt, '<', (a, b) => a < b) ?? { holds: false, why: `${name}: condition has no operator` }
  );
}

function show(value: FactValue): string {
  if (value === null) return '(absent)';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
