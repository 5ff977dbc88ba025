/** core/stable-json.ts writes cdktf's manifest format (json-stable-stringify, space 2) byte for byte. */
import { stableJson } from '../../core/stable-json';

it('sorts keys at every level, indents by two, writes empty containers on two lines', () => {
  expect(stableJson({ b: [1, 2], a: { x: 1 }, c: {} })).toBe('{\n  "a": {\n    "x": 1\n  },\n  "b": [\n    1,\n    2\n  ],\n  "c": {\n  }\n}');
  expect(stableJson({ e: [], n: [[]], o: [{}], u: undefined, arr: [undefined, null, () => 1], s: 'a\u2028b' })).toBe(
    '{\n  "arr": [\n    null,\n    null,\n    null\n  ],\n  "e": [\n  ],\n  "n": [\n    [\n    ]\n  ],\n  "o": [\n    {\n    }\n  ],\n  "s": "a\u2028b"\n}',
  );
  expect([stableJson({}), stableJson([])]).toEqual(['{\n}', '[\n]']);
});

it('refuses a cycle', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  expect(() => stableJson(cyclic)).toThrow('stableJson: the value holds a cycle');
});
