import { findUnstorableInput, MAX_INPUT_DEPTH } from '../../../services/kit/server/storable-input';

describe('input no store can keep', () => {
  it('finds NUL and lone surrogates in values and keys, naming the field', () => {
    expect(findUnstorableInput({ experiment: { tags: [{ key: 'k', value: 'a\u0000' }] } })).toEqual({ path: 'experiment.tags[0].value', problem: 'contains a NUL character (\\u0000)' });
    expect(findUnstorableInput([{ city: 'x\ud800' }])).toEqual({ path: '[0].city', problem: 'contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff)' });
    expect(findUnstorableInput({ rows: { ['\udc00']: 1 } })).toEqual({ path: 'rows', problem: 'has a key that contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff)' });
    expect(findUnstorableInput('csv,text\u0000')).toEqual({ path: '', problem: 'contains a NUL character (\\u0000)' });
  });

  it('accepts every other text: paired surrogates (emoji), other control characters, any script', () => {
    expect(findUnstorableInput({ name: '😀 модель \u0001\t', list: ['\ud83d\ude00', 1e308, null, true] })).toBeUndefined();
  });

  it('leaves raw bytes to the route that reads them: a binary body holds zeros, not text', () => {
    expect(findUnstorableInput(Buffer.alloc(1 << 20))).toBeUndefined();
    expect(findUnstorableInput({ tensor: new Float32Array(4) })).toBeUndefined();
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels without recursing (any depth is safe to check)`, () => {
    const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
    expect(findUnstorableInput(nested(MAX_INPUT_DEPTH))).toBeUndefined();
    expect(findUnstorableInput(nested(MAX_INPUT_DEPTH + 1))?.problem).toBe(`is nested more than ${MAX_INPUT_DEPTH} levels deep`);
    expect(findUnstorableInput(nested(1_000_000))?.problem).toBe(`is nested more than ${MAX_INPUT_DEPTH} levels deep`);
  });
});
