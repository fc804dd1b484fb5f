import { describe, expect, it } from 'vitest';
import vectors from './vectors.json' with { type: 'json' };
import { runVectorCase, type VectorFile } from './vectors.js';

const file = vectors as unknown as VectorFile;

describe('shared formula vectors (vectors.json)', () => {
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { expected, actual } = runVectorCase(file, c);
    expect(actual).toEqual(expected);
  });
});
