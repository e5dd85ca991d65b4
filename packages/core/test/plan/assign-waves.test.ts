import { describe, expect, it } from 'vitest';
import { assignWaves, type WaveCandidate } from '@wpfleet/core';

const site = (name: string, over: Partial<WaveCandidate> = {}): WaveCandidate => ({
  name,
  targetHost: 'new-1',
  php: '8.2',
  wp: '6.1',
  plugins: [],
  bytes: 1000,
  criticality: 'normal',
  risky: false,
  ...over,
});

describe('assignWaves', () => {
  it('groups sites by target host and versions before mixing them', () => {
    const { waves } = assignWaves(
      [
        site('a', { targetHost: 'h1' }),
        site('b', { targetHost: 'h2' }),
        site('c', { targetHost: 'h1' }),
        site('d', { targetHost: 'h2' }),
      ],
      { maxSize: 2 },
    );
    expect(waves.map((w) => w.sites.sort())).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
    expect(waves[0]?.reason).toBe('shared target h1, PHP 8.2, WordPress 6.1');
  });

  it('keeps sites with similar plugin stacks next to each other', () => {
    const { waves } = assignWaves(
      [
        site('shop1', { plugins: ['woocommerce', 'stripe'], bytes: 1 }),
        site('blog1', { plugins: ['akismet', 'jetpack'], bytes: 2 }),
        site('shop2', { plugins: ['woocommerce', 'stripe', 'seo'], bytes: 3 }),
        site('blog2', { plugins: ['akismet', 'jetpack'], bytes: 4 }),
      ],
      { maxSize: 2 },
    );
    expect(waves.map((w) => w.sites)).toEqual([
      ['shop1', 'shop2'],
      ['blog1', 'blog2'],
    ]);
  });

  it('sends size outliers and critical sites to later, single-site waves', () => {
    const sites = [
      site('a'),
      site('b'),
      site('c'),
      site('d'),
      site('huge', { bytes: 10 * 1024 ** 3 }),
      site('crit', { criticality: 'critical' }),
      site('multi', { risky: true }),
    ];
    const { waves } = assignWaves(sites, { maxSize: 4 });
    expect(waves.map((w) => w.sites)).toEqual([['a', 'b', 'c', 'd'], ['multi'], ['crit'], ['huge']]);
    expect(waves[3]?.reason).toMatch(/^critical or outlier sites/);
  });

  it('treats a site whose plugin stack resembles no other as higher-risk', () => {
    const common = ['akismet', 'jetpack', 'yoast'];
    const { waves } = assignWaves(
      [
        site('a', { plugins: common }),
        site('b', { plugins: common }),
        site('c', { plugins: common }),
        site('d', { plugins: common }),
        site('odd', { plugins: ['woocommerce', 'stripe', 'bookings'] }),
      ],
      { maxSize: 5 },
    );
    expect(waves.map((w) => w.sites)).toEqual([['a', 'b', 'c', 'd'], ['odd']]);
    expect(waves[1]?.reason).toMatch(/^higher-risk sites/);
  });

  it('honours pins even past the last automatic wave, and reports pins that overfill a wave', () => {
    const { waves, overfullPins } = assignWaves(
      [site('a'), site('b'), site('p', { pin: 1 }), site('late', { pin: 9 })],
      { maxSize: 2 },
    );
    expect(waves.map((w) => w.sites)).toEqual([['a', 'b', 'p'], ['late']]);
    expect(overfullPins).toEqual(['p']);
  });
});
