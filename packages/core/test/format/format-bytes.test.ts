import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRate } from '@wpfleet/core';

describe('how wpfleet says sizes', () => {
  it('uses binary units everywhere, so plan, doctor and migrate name the same bytes alike', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(64 * 1024)).toBe('64.0 KiB');
    expect(formatBytes(1.5 * 1024 ** 2)).toBe('1.5 MiB');
    expect(formatBytes(42_000_000)).toBe('40.1 MiB');
    expect(formatBytes(6.9 * 1024 ** 3)).toBe('6.9 GiB');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3072.0 TiB');
    expect(formatRate(5 * 1024 ** 2)).toBe('5.0 MiB/s');
  });

  it('says ? for a size it does not know rather than a negative or NaN figure', () => {
    expect(formatBytes(Number.NaN)).toBe('?');
    expect(formatBytes(-1)).toBe('?');
  });
});

describe('how wpfleet says durations', () => {
  it('reads the same in plan estimates, progress lines and reports', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(4_100)).toBe('4.1s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});
