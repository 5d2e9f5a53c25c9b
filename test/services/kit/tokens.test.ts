import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServiceConfigError } from '../../../services/kit/server/errors';
import { TokenTable, tokensFromEnvironment } from '../../../services/kit/server/tokens';

describe('bearer tokens', () => {
  it('parses name:token:role entries, tokens with colons included', () => {
    const tokens = TokenTable.parse('ci:s3cr3t:write, dash : a:b:c : read', 'PLINTH_TOKENS');
    expect(tokens.size).toBe(2);
    expect(tokens.lookup('s3cr3t')).toEqual({ name: 'ci', role: 'write' });
    expect(tokens.lookup('a:b:c')).toEqual({ name: 'dash', role: 'read' });
    expect(tokens.lookup('s3cr3')).toBeUndefined();
  });

  it('reports every bad entry at once, and never the token value', () => {
    let error: unknown;
    try {
      TokenTable.parse('ok:tok1:read,bad:hunter2:admin,:tok3:read,dup:t4:read,dup:t5:write', 'PLINTH_TOKENS');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ServiceConfigError);
    const message = (error as Error).message;
    expect(message).toContain("entry 2 (bad): role must be read, write, approve, found 'admin'");
    expect(message).toContain('entry 3: expected name:token:role');
    expect(message).toContain('token names must be unique: dup');
    for (const secret of ['hunter2', 'tok3', 't4', 't5']) expect(message).not.toContain(secret);
  });

  it('reads PLINTH_TOKENS_FILE (comments and newlines allowed) and refuses both variables at once', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-tokens-')), 'tokens');
    writeFileSync(file, '# mounted secret\nreader:r-token:read\nwriter:w-token:write\n');
    const tokens = tokensFromEnvironment({ PLINTH_TOKENS_FILE: file });
    expect(tokens.lookup('w-token')).toEqual({ name: 'writer', role: 'write' });
    expect(tokensFromEnvironment({}).size).toBe(0);
    expect(() => tokensFromEnvironment({ PLINTH_TOKENS: 'a:b:read', PLINTH_TOKENS_FILE: file })).toThrow('PLINTH_TOKENS and PLINTH_TOKENS_FILE are both set');
    expect(() => tokensFromEnvironment({ PLINTH_TOKENS_FILE: `${file}.missing` })).toThrow(/PLINTH_TOKENS_FILE: cannot read/);
  });
});
