import { inputColumns, type ModelMetadata } from '../../../../services/inference/replay/replay-columns';

const model = (inputs: ModelMetadata['inputs']): ModelMetadata => ({ name: 'm', inputs, outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }] });
const columns = (metadata: ModelMetadata, header: string[]) => inputColumns(metadata, header, 'in.csv').map((input) => [input.input.name, input.columns]);

describe('which CSV columns feed which input of a model', () => {
  it('takes one column per input, named like the input, for [-1] and [-1, 1] inputs, in any order', () => {
    const metadata = model([
      { name: 'age', datatype: 'FP32', shape: [-1] },
      { name: 'plan', datatype: 'BYTES', shape: [-1, 1] },
      { name: 'tenure', datatype: 'INT64', shape: [-1, 1] },
    ]);
    expect(columns(metadata, ['plan', 'tenure', 'age'])).toEqual([['age', ['age']], ['plan', ['plan']], ['tenure', ['tenure']]]);
    // The drift logging's own name for a [-1, 1] input's column is taken as well.
    expect(columns(metadata, ['age', 'plan_0', 'tenure_0'])).toEqual([['age', ['age']], ['plan', ['plan_0']], ['tenure', ['tenure_0']]]);
    expect(() => columns(metadata, ['age', 'plan'])).toThrow(`--input in.csv: the columns do not fit model 'm': missing "tenure_0". It takes age FP32 [-1]: age; plan BYTES [-1, 1]: plan; tenure INT64 [-1, 1]: tenure_0 (or tenure)`);
  });

  it('flattens a [-1, 2, 3] input into t_0 … t_5 in row-major order, as the drift logging names them', () => {
    const metadata = model([{ name: 't', datatype: 'FP32', shape: [-1, 2, 3] }]);
    expect(columns(metadata, ['t_5', 't_4', 't_3', 't_2', 't_1', 't_0'])).toEqual([['t', ['t_0', 't_1', 't_2', 't_3', 't_4', 't_5']]]);
    expect(() => columns(metadata, ['t_0', 't_1', 't_2', 't_3', 't_4', 't_6', 'x'])).toThrow('missing "t_5"; extra "t_6", "x". It takes t FP32 [-1, 2, 3]: t_0, t_1, …, t_5, or exactly 6 columns in that order');
  });

  it('refuses inputs it cannot fill from a CSV, naming the input and its shape or type', () => {
    expect(() => columns(model([{ name: 'x', datatype: 'FP32', shape: [-1, -1] }]), ['x'])).toThrow("model 'm': input 'x' has shape [-1, -1]; replay needs a first dimension for the rows and fixed dimensions after it");
    expect(() => columns(model([{ name: 'flag', datatype: 'BOOL', shape: [-1] }]), ['flag'])).toThrow("model 'm': input 'flag' is BOOL; replay sends numeric and BYTES inputs only");
  });
});
