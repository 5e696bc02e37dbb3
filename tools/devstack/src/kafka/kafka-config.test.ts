import { describe, expect, it } from 'vitest';
import { newClusterId, renderLog4jProperties, renderServerProperties } from './kafka-config';

function parse(props: string): Record<string, string> {
  return Object.fromEntries(
    props
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('renderServerProperties', () => {
  it('renders a single-node KRaft broker+controller on the port and the one after it', () => {
    const p = parse(renderServerProperties({ host: '127.0.0.1', port: 19092, logDir: '/d/kafka' }));
    expect(p['process.roles']).toBe('broker,controller');
    expect(p['node.id']).toBe('1');
    expect(p.listeners).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(p['controller.quorum.voters']).toBe('1@127.0.0.1:19093');
    expect(p['log.dirs']).toBe('/d/kafka');
    expect(p['auto.create.topics.enable']).toBe('false');
    expect(p['offsets.topic.replication.factor']).toBe('1');
    expect(p['transaction.state.log.replication.factor']).toBe('1');
  });
});

describe('renderLog4jProperties', () => {
  it('keeps the root logger at WARN', () => {
    expect(renderLog4jProperties()).toMatch(/^log4j\.rootLogger=WARN, stdout$/m);
  });
});

describe('newClusterId', () => {
  it('encodes 16 bytes as 22 base64url characters', () => {
    const id = newClusterId(Buffer.alloc(16, 0xff));
    expect(id).toHaveLength(22);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(() => newClusterId(Buffer.alloc(8))).toThrow();
  });

  it('never starts with "-", which kafka-storage would parse as an option', () => {
    // 0xf8 as the first byte encodes to '-' in base64url without the guard.
    expect(Buffer.from([0xf8, ...Buffer.alloc(15)]).toString('base64url')[0]).toBe('-');
    expect(newClusterId(Buffer.from([0xf8, ...Buffer.alloc(15)]))[0]).not.toBe('-');
    for (const first of [0xfb, 0xfc, 0xff]) expect(newClusterId(Buffer.alloc(16, first))[0]).not.toBe('-');
  });
});
