import { COMPILED_KEY, type CompiledShape, markCompiled } from './compile';

const marked = (value: unknown) => (value as { [COMPILED_KEY]?: true })[COMPILED_KEY] === true;

describe('markCompiled', () => {
  // A placement node as its statement returns it: an aliased student with a list of memberships
  // and their organisation, a localized name, a mentor the caller may not see (null).
  const shape: CompiledShape = [
    ['st', [['memberships', [['organization', [['name', []]]]]]]],
    ['mentor', []],
  ];

  test('marks the node and every object the shape names, through lists, and nothing else', () => {
    const node = {
      code: 'PL-1',
      st: {
        fullName: 'A',
        memberships: [
          { role: 'STUDENT', organization: { bin: '1', name: { en: 'HEI' } } },
          { role: 'STUDENT', organization: null },
        ],
      },
      mentor: null,
      payload: { notCompiled: true },
    };
    markCompiled(node, shape);
    expect(marked(node)).toBe(true);
    expect(marked(node.st)).toBe(true);
    expect(node.st.memberships.every(marked)).toBe(true);
    expect(marked(node.st.memberships[0].organization)).toBe(true);
    expect(marked(node.st.memberships[0].organization!.name)).toBe(true);
    expect(node.mentor).toBeNull();
    expect(marked(node.payload)).toBe(false);
  });

  test('the marker is a symbol: it never shows in the JSON of a marked object', () => {
    const node = { code: 'PL-1', mentor: { fullName: 'M' } };
    markCompiled(node, shape);
    expect(JSON.stringify(node)).toBe('{"code":"PL-1","mentor":{"fullName":"M"}}');
  });
});
