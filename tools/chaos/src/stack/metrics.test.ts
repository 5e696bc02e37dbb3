import { describe, expect, it } from 'vitest';
import { metricSum } from './metrics';

describe('metricSum', () => {
  const page = ['# HELP x_total x', 'x_total{table="a"} 3', 'x_total{table="b"} 4', 'x_total_other 100', 'y 2', 'x_total 1'].join('\n');
  it('adds every series of the name, labelled or not, and no other metric', () => {
    expect(metricSum(page, 'x_total')).toBe(8);
    expect(metricSum(page, 'y')).toBe(2);
  });
  it('is undefined for a metric the page does not have', () => {
    expect(metricSum(page, 'z')).toBeUndefined();
  });
});
