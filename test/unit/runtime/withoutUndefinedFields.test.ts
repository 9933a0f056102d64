// The Node mode's stand-in for the IPC channel's undefined (scripts/node-runtime/withoutUndefinedFields.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { withoutUndefinedFields } from '../../../scripts/node-runtime/withoutUndefinedFields';

test('leaves out fields whose value is undefined, at any depth, and keeps null, arrays and binary data', () => {
    const bytes = Buffer.from('raw mail');
    const date = new Date(0);
    const copy: Record<string, unknown> = withoutUndefinedFields({
        a: undefined,
        b: null,
        c: [1, undefined, { d: undefined, e: 'x' }],
        f: { g: bytes, h: date, i: undefined },
    });
    assert.deepEqual(copy, { b: null, c: [1, undefined, { e: 'x' }], f: { g: bytes, h: date } });
    const inner = copy.f as Record<string, unknown>;
    assert.deepEqual(
        [Object.keys(copy), Object.keys(inner)],
        [
            ['b', 'c', 'f'],
            ['g', 'h'],
        ],
    );
    assert.equal(inner.g, bytes, 'binary data passed on as it is');
});

test('copies class instances as msgpack sends them, except those it is told to keep, and survives cycles', () => {
    class Request {
        constructor(
            readonly id: string,
            readonly result?: string,
        ) {}
    }
    class Kept {
        readonly field = undefined;
    }
    const kept = new Kept();
    const cyclic: Record<string, unknown> = { name: 'loop', missing: undefined };
    cyclic.self = cyclic;
    const copy = withoutUndefinedFields({ request: new Request('1'), kept, cyclic }, (value) => value instanceof Kept);
    assert.deepEqual(Object.keys(copy.request), ['id']);
    assert.equal(copy.kept, kept);
    assert.equal((copy.cyclic as Record<string, unknown>).self, copy.cyclic);
    assert.deepEqual(Object.keys(copy.cyclic), ['name', 'self']);
});
