import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { DEFINITION_LIMITS } from '../../../engine/definition/limits.js';
import { fixture, minimal } from '../../fixtures/definitions.js';
import { shippedOrFixtureDefinitions } from '../../helpers/definitions.js';

const problemsOf = (doc: unknown) => {
  const r = lintDefinition(doc);
  return r.ok ? [] : r.problems;
};

describe('definition resource limits (#11)', () => {
  it('refuses a form pattern with catastrophic backtracking, by its path', () => {
    const d = minimal();
    d.forms.f.schema.properties.a.pattern = '^([a-z0-9]+)+$';
    d.forms.f.schema.properties.b = { type: 'string', title: 'B', pattern: '^[0-9]{5}$' };
    const problems = problemsOf(d);
    expect(problems).toEqual([expect.objectContaining({ path: '/forms/f/schema/properties/a/pattern', message: expect.stringContaining('exponential time') })]);
  });

  it('refuses a JSON Logic loop that merges or loops again in its body, and keeps linear ones', () => {
    const d = minimal();
    const quadratic = { reduce: [{ var: 'data.f.list' }, { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] }, []] };
    const nested = { some: [{ var: 'data.f.list' }, { some: [{ var: 'data.f.list' }, { '==': [1, 1] }] }] };
    d.machine.states.start.on.SUBMIT = [
      { guard: { type: 'formula', params: { rule: { '!!': [quadratic] } } }, target: 'ende' },
      { guard: { type: 'formula', params: { rule: nested } }, target: 'ende' },
      { guard: { type: 'formula', params: { rule: { '>': [{ reduce: [{ filter: [{ var: 'data.f.list' }, { var: 'x' }] }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 1] } } }, target: 'ende' },
      { target: 'ende' },
    ];
    const paths = problemsOf(d).filter((p) => /square/.test(p.message)).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/machine/states/start/on/SUBMIT/0/guard/params/rule/!!/0/reduce', '/machine/states/start/on/SUBMIT/1/guard/params/rule/some']));
    expect(paths.some((p) => p.includes('SUBMIT/2'))).toBe(false);
  });

  it('refuses a definition with too many states before compiling it', () => {
    const d = minimal();
    for (let i = 0; i < 8000; i++) d.machine.states[`s${i}`] = { on: { WEITER: 'ende' } };
    const problems = problemsOf(d);
    expect(problems).toEqual([{ path: '/machine', message: `the definition has 8002 states; at most ${DEFINITION_LIMITS.states} are allowed` }]);
  });

  it('lets every shipped definition and fixture through', () => {
    for (const { file, doc } of shippedOrFixtureDefinitions()) {
      expect(problemsOf(doc).filter((p) => /exponential|square|at most/.test(p.message)), file).toEqual([]);
    }
    expect(problemsOf(fixture('kita-mini'))).toEqual([]);
  });
});
