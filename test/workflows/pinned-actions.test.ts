import { actionFiles, usesOf, workflowFiles } from './workflow-files';

/**
 * A tag can be moved to other code (as attackers did to popular actions' tags); a commit cannot. Every
 * third-party action is pinned to a full commit SHA, with the release it is in a comment for humans.
 */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@[0-9a-f]{40}$/;
const LOCAL = /^\.\/\.github\/(actions\/[a-z-]+|workflows\/[a-z-]+\.yml)$/;

describe('pinned actions', () => {
  const files = [...workflowFiles(), ...actionFiles()];

  it.each(files.map((file) => [file.file, file] as const))('%s pins every action to a commit, with its release in a comment', (_name, file) => {
    const uses = usesOf(file);
    const unpinned = uses.filter((ref) => !PINNED.test(ref) && !LOCAL.test(ref));
    expect(unpinned).toEqual([]);
    for (const ref of uses.filter((r) => PINNED.test(r))) {
      // The comment on the same line names a release: `uses: owner/repo@<sha> # v1.2.3`.
      expect(file.text).toMatch(new RegExp(`uses: ${ref.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+\\b`));
    }
  });

  it('one action, one commit: the same action is pinned to the same commit everywhere', () => {
    const commits = new Map<string, Set<string>>();
    for (const ref of files.flatMap(usesOf).filter((r) => PINNED.test(r))) {
      const [action, commit] = ref.split('@');
      commits.set(action, (commits.get(action) ?? new Set()).add(commit));
    }
    expect([...commits].filter(([, shas]) => shas.size > 1).map(([action]) => action)).toEqual([]);
  });

  it('tells a tag from a commit', () => {
    expect(PINNED.test('actions/checkout@v4')).toBe(false);
    expect(PINNED.test('actions/checkout@3d3c42e5')).toBe(false);
    expect(PINNED.test('github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e')).toBe(true);
  });
});
