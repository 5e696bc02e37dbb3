import { describe, expect, it } from 'vitest';
import { bindParams, httpParamToBindValue, isCompositeType, placeholderTypes } from './param-text';

describe('placeholderTypes', () => {
  it('reads the declared type of each placeholder', () => {
    const types = placeholderTypes('SELECT {room:String}, { tags : Array(String) }, {m:Map(String, UInt8)} WHERE x = {n:Nullable(UInt64)}');
    expect(Object.fromEntries(types)).toEqual({ room: 'String', tags: 'Array(String)', m: 'Map(String, UInt8)', n: 'Nullable(UInt64)' });
  });
});

describe('isCompositeType', () => {
  it('sees through wrappers', () => {
    expect(isCompositeType('Array(String)')).toBe(true);
    expect(isCompositeType('Nullable(Tuple(String, UInt8))')).toBe(true);
    expect(isCompositeType('LowCardinality(String)')).toBe(false);
    expect(isCompositeType(undefined)).toBe(false);
  });
});

describe('httpParamToBindValue', () => {
  it('undoes the escapes chdb re-applies to strings', () => {
    expect(httpParamToBindValue('a\\\\b\\tc\\nd', 'String')).toBe('a\\b\tc\nd');
    expect(httpParamToBindValue("it\\'s", 'String')).toBe("it's");
  });
  it('turns escaped quotes inside composite literals into doubled quotes', () => {
    expect(httpParamToBindValue("['it\\'s','x\\\\y']", 'Array(String)')).toBe("['it''s','x\\y']");
  });
  it('maps the TSV null marker to null', () => {
    expect(httpParamToBindValue('\\N', 'Nullable(String)')).toBeNull();
  });
  it('keeps a trailing backslash and plain text', () => {
    expect(httpParamToBindValue('abc\\', 'String')).toBe('abc\\');
    expect(httpParamToBindValue('한국어 é', 'String')).toBe('한국어 é');
  });
  it('binds every param of a query by its placeholder type', () => {
    expect(bindParams('SELECT {a:String}, {b:Array(String)}', { a: "x\\'", b: "['\\'']" })).toEqual({ a: "x'", b: "['''']" });
  });
});
