import { describe, expect, it } from 'vitest';
import { addPeriods, checkPeriod, describeDate, describePeriod, isPeriodStart, lastCompletedPeriod, periodStartOf, periodsBetween } from '../../src/domain/period.ts';
import { parseNumber, readValue, validateMeasure, validateValues, type Unit } from '../../src/domain/measure.ts';

const WEEKLY_PERCENTAGE = { frequency: 'weekly', unit: 'percentage' } as const;
import { parseOdsCode, validateOrganisation } from '../../src/domain/organisation.ts';
import { parseThemes, priorityOf, validateEvidence, validateProblem } from '../../src/domain/problem.ts';
import { requireRole, type Actor } from '../../src/domain/person.ts';
import { timelinessOf, validateCheckIn } from '../../src/domain/check-in.ts';
import { isSolutionFirst, validateGoal } from '../../src/domain/goal.ts';
import { diffRecords } from '../../src/domain/audit.ts';

const NOW = new Date('2025-06-11T10:00:00Z'); // Wednesday

describe('periods', () => {
  it('starts weeks on Monday and months on the 1st', () => {
    expect(periodStartOf(NOW, 'weekly')).toBe('2025-06-09');
    expect(periodStartOf(new Date('2025-06-08T23:00:00Z'), 'weekly')).toBe('2025-06-02'); // a Sunday
    expect(periodStartOf(NOW, 'monthly')).toBe('2025-06-01');
    expect(isPeriodStart('2025-06-09', 'weekly')).toBe(true);
    expect(isPeriodStart('2025-06-10', 'weekly')).toBe(false);
    expect(isPeriodStart('2025-02-30', 'monthly')).toBe(false);
  });

  it('counts and steps periods across years and month lengths', () => {
    expect(addPeriods('2024-12-30', 'weekly', 1)).toBe('2025-01-06');
    expect(addPeriods('2025-01-01', 'monthly', -2)).toBe('2024-11-01');
    expect(periodsBetween('2024-11-01', '2025-06-01', 'monthly')).toBe(7);
    expect(periodsBetween('2025-05-26', '2025-06-09', 'weekly')).toBe(2);
    expect(describePeriod('2025-06-02', 'weekly')).toBe('week of 2 Jun 2025');
    expect(describePeriod('2025-06-01', 'monthly')).toBe('June 2025');
  });

  it('says a date as people write it, from a date or a timestamp, and leaves anything else as it is', () => {
    expect(describeDate('2026-03-31')).toBe('31 March 2026');
    expect(describeDate('2026-04-01T23:30:00.000Z')).toBe('1 April 2026');
    expect(describeDate('2026-02-30')).toBe('2026-02-30');
    expect(describeDate('soon')).toBe('soon');
  });

  it('says why a period is refused', () => {
    expect(checkPeriod('2025-06-02', 'weekly', NOW)).toBeNull();
    expect(checkPeriod('2025-06-09', 'weekly', NOW)).toBeNull(); // the current week may be entered
    expect(checkPeriod('2025-06-16', 'weekly', NOW)).toMatch(/in the future/);
    expect(checkPeriod('2025-06-03', 'weekly', NOW)).toMatch(/start on a Monday \(2025-06-02\)/);
    expect(checkPeriod('2025-06-15', 'monthly', NOW)).toMatch(/start on the 1st \(2025-06-01\)/);
    expect(checkPeriod('3/6/2025', 'weekly', NOW)).toMatch(/not a date/);
  });

  it('takes values only for periods from 1900 to the last finished period', () => {
    expect(lastCompletedPeriod(NOW, 'weekly')).toBe('2025-06-02');
    expect(lastCompletedPeriod(NOW, 'monthly')).toBe('2025-05-01');
    expect(checkPeriod('2025-06-02', 'weekly', NOW, 'completed')).toBeNull();
    expect(checkPeriod('2025-06-09', 'weekly', NOW, 'completed')).toBe('2025-06-09 has not finished yet: the last period that may be entered is 2025-06-02 (week of 2 Jun 2025)');
    expect(checkPeriod('2025-06-16', 'weekly', NOW, 'completed')).toMatch(/in the future: the last period that may be entered is 2025-06-02/);
    expect(checkPeriod('2025-06-01', 'monthly', NOW, 'completed')).toMatch(/not finished yet: .*2025-05-01 \(May 2025\)/);
    expect(checkPeriod('2025-05-01', 'monthly', NOW, 'completed')).toBeNull();
    // On the Monday a week starts, the week before has just finished.
    expect(checkPeriod('2025-06-09', 'weekly', new Date('2025-06-16T00:00:00Z'), 'completed')).toBeNull();
    for (const limit of ['current', 'completed'] as const) {
      expect(checkPeriod('0100-01-04', 'weekly', NOW, limit)).toMatch(/before 1900/);
      expect(checkPeriod('1899-12-25', 'weekly', NOW, limit)).toMatch(/before 1900/);
      expect(checkPeriod('1900-01-01', 'weekly', NOW, limit)).toBeNull(); // a Monday
    }
  });
});

describe('measures and values', () => {
  it('reads numbers as people and spreadsheets write them', () => {
    expect(parseNumber(' 1234.5 ')).toBe(1234.5);
    expect(parseNumber('97.2%')).toBe(97.2);
    expect(parseNumber('£12')).toBe(12);
    expect(parseNumber('1e3')).toBe(1000);
    for (const bad of ['abc', '', '1.2.3', '33,5', '1,234.5', '1 234', 'NaN', 'Infinity', null, Number.NaN, Number.POSITIVE_INFINITY]) expect(parseNumber(bad)).toBeNull();
  });

  it('collects every error of a measure at once', () => {
    expect(() => validateMeasure({ name: '', unit: 'furlongs', improvementDirection: 'up', frequency: 'daily', target: 'high', baseline: 1 })).toThrow(
      expect.objectContaining({ fields: expect.objectContaining({ name: expect.any(String), definition: expect.any(String), unit: expect.any(String), improvementDirection: expect.any(String), frequency: expect.any(String), target: expect.any(String), baseline: expect.any(String) }) }),
    );
    const m = validateMeasure({ name: 'x', definition: 'y', unit: 'percentage', improvementDirection: 'increase', frequency: 'weekly', rebases: [{ period: '2025-03-03', reason: 'go-live' }, { period: '2025-01-06', reason: 'new triage' }] });
    expect(m.spcPreset).toBe('mdc');
    expect(m.rebases.map((r) => r.period)).toEqual(['2025-01-06', '2025-03-03']);
    expect(() => validateMeasure({ ...m, rebases: [{ period: '2025-03-03', reason: '' }] })).toThrow(expect.objectContaining({ fields: { 'rebases[0].reason': expect.any(String) } }));
  });

  it('refuses a whole list of values with one bad row, naming the row', () => {
    expect(validateValues([{ period: '2025-06-02', value: '80.5', note: ' ok ' }], WEEKLY_PERCENTAGE, NOW)).toEqual([{ period: '2025-06-02', value: 80.5, note: 'ok' }]);
    expect(() => validateValues([{ period: '2025-06-02', value: 1 }, { period: '2025-06-02', value: Number.NaN }], WEEKLY_PERCENTAGE, NOW)).toThrow(
      expect.objectContaining({ fields: { 'values[1].period': expect.stringContaining('appears twice'), 'values[1].value': expect.stringContaining('not a number') } }),
    );
  });
});

describe('one number format and the bounds of each unit', () => {
  const errorOf = (value: unknown, unit: Unit) => readValue(value, unit).error;

  it('refuses a decimal comma with a message that says to use a full stop', () => {
    expect(errorOf('33,5', 'percentage')).toBe('“33,5” uses a comma for decimals: use a full stop, like 33.5');
    expect(errorOf('0,25', 'rate')).toMatch(/use a full stop, like 0.25/);
    expect(readValue('33.5', 'percentage')).toEqual({ value: 33.5, error: null });
  });

  it('refuses thousands separators with a message that says how to write the number', () => {
    expect(errorOf('1,234', 'count')).toMatch(/thousands separator: write the number without commas, like 1234/);
    expect(errorOf('12,345,678.5', 'pounds')).toMatch(/like 12345678.5/);
    expect(errorOf('1 234', 'count')).toMatch(/spaces .* like 1234/);
    expect(errorOf('abc', 'count')).toMatch(/not a number: write digits with a full stop/);
  });

  it('keeps percentages from 0 to 100', () => {
    expect(errorOf('150', 'percentage')).toBe('150 is not a percentage: enter a number from 0 to 100');
    expect(errorOf(-5, 'percentage')).toMatch(/from 0 to 100/);
    expect(readValue('100%', 'percentage').value).toBe(100);
    expect(readValue('0', 'percentage').value).toBe(0);
  });

  it('keeps counts whole and not negative, and durations and rates not negative', () => {
    expect(errorOf('-1', 'count')).toMatch(/negative: a count cannot be less than 0/);
    expect(errorOf('2.5', 'count')).toMatch(/not a whole number/);
    expect(readValue('12', 'count').value).toBe(12);
    expect(errorOf('-3', 'minutes')).toMatch(/a number of minutes cannot be less than 0/);
    expect(errorOf('-0.5', 'days')).toMatch(/negative/);
    expect(errorOf('-2', 'rate')).toMatch(/negative/);
    expect(readValue('-1200', 'pounds').value).toBe(-1200); // a deficit
    expect(readValue('-7', 'other').value).toBe(-7);
  });

  it('checks every value of a list against its unit, and the target too', () => {
    const count = { frequency: 'weekly', unit: 'count' } as const;
    expect(() => validateValues([{ period: '2025-06-02', value: '3,5' }, { period: '2025-05-26', value: -1 }, { period: '2025-06-09', value: 1 }, { period: '0100-01-04', value: 1 }], count, NOW)).toThrow(
      expect.objectContaining({ fields: { 'values[0].value': expect.stringContaining('full stop'), 'values[1].value': expect.stringContaining('negative'), 'values[2].period': expect.stringContaining('not finished yet'), 'values[3].period': expect.stringContaining('before 1900') } }),
    );
    expect(() => validateMeasure({ name: 'x', definition: 'y', unit: 'percentage', improvementDirection: 'increase', frequency: 'weekly', target: '120' })).toThrow(
      expect.objectContaining({ fields: { target: expect.stringContaining('from 0 to 100') } }),
    );
    expect(() => validateMeasure({ name: 'x', definition: 'y', unit: 'count', improvementDirection: 'increase', frequency: 'weekly', target: '95,5' })).toThrow(
      expect.objectContaining({ fields: { target: expect.stringContaining('full stop') } }),
    );
  });
});

describe('organisations, problems and people', () => {
  it('accepts ODS codes of 3 to 6 characters, including newer 5-character trusts', () => {
    expect(parseOdsCode(' rf4 ')).toBe('RF4');
    expect(parseOdsCode('G6V2S')).toBe('G6V2S');
    for (const bad of ['R1', 'RF4-1', 'ABCDEFG', '']) expect(() => parseOdsCode(bad)).toThrow(/valid ODS code/);
    expect(() => validateOrganisation({ code: 'X1', name: '', type: 'hospital' })).toThrow(expect.objectContaining({ fields: { code: expect.any(String), name: expect.any(String), type: expect.any(String) } }));
  });

  it('tidies themes, checks problems and evidence, and ranks by severity × reach', () => {
    expect(parseThemes('Access,  access , Out  Patients,')).toEqual(['access', 'out patients']);
    expect(priorityOf({ severity: 4, reach: 250 })).toBe(1000);
    expect(() => validateProblem({ title: 'x', description: 'y', affected: 'visitors', severity: '0', reach: '-1' })).toThrow(
      expect.objectContaining({ fields: { affected: expect.any(String), severity: expect.any(String), reach: expect.any(String) } }),
    );
    expect(() => validateEvidence({ kind: 'rumour', summary: '', link: 'javascript:alert(1)', count: 'lots' })).toThrow(
      expect.objectContaining({ fields: { kind: expect.any(String), summary: expect.any(String), link: expect.any(String), count: expect.any(String) } }),
    );
  });

  it('words role refusals in plain English', () => {
    const actor: Actor = { kind: 'user', userId: 'u', name: 'V', email: 'v@x.nhs.uk', roles: new Map([['o', 'viewer']]) };
    expect(() => requireRole(actor, 'o', 'editor')).toThrow('You need to be an editor to do this');
    expect(() => requireRole(actor, 'o', 'contributor')).toThrow('You need to be a contributor to do this');
    expect(() => requireRole(actor, 'other', 'viewer')).toThrow(/a viewer/);
  });
});

describe('goals, check-ins and the audit trail', () => {
  it('flags a goal with no problem as solution-first', () => {
    const goal = validateGoal({ statement: ' Every ward uses e-observations by March 2026 ', wgll: ['safe_practice'] });
    expect(goal.statement).toBe('Every ward uses e-observations by March 2026');
    expect(isSolutionFirst(goal)).toBe(true);
    expect(() => validateGoal({ statement: 'x', wgll: ['be_excellent'], byWhen: '2026-02-30' })).toThrow(expect.objectContaining({ fields: { wgll: expect.any(String), byWhen: expect.any(String) } }));
  });

  it('tells up to date from due, overdue and stale', () => {
    expect(timelinessOf('2025-06-02', '2025-06-02', 'weekly')).toBe('up_to_date');
    expect(timelinessOf('2025-05-26', '2025-06-02', 'weekly')).toBe('due');
    expect(timelinessOf('2025-05-19', '2025-06-02', 'weekly')).toBe('overdue');
    expect(timelinessOf('2025-05-12', '2025-06-02', 'weekly')).toBe('stale');
    expect(timelinessOf(null, '2025-06-02', 'weekly')).toBe('stale');
    expect(() => validateCheckIn({ period: '2025-06-03', whatHappened: '', whatNext: 'x', confidence: '6' }, NOW)).toThrow(
      expect.objectContaining({ fields: { period: expect.any(String), whatHappened: expect.any(String), confidence: expect.any(String) } }),
    );
  });

  it('records only the fields that changed, before → after', () => {
    expect(diffRecords({ a: 1, b: ['x'], c: 'same' }, { a: 2, b: ['x'], c: 'same' })).toEqual({ a: { before: 1, after: 2 } });
    expect(diffRecords(null, { a: 1 })).toEqual({ a: { before: null, after: 1 } });
  });
});
