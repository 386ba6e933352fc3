import { describe, expect, it } from 'vitest';
import { formatRemaining } from '../../client/src/features/rooms/time.js';

describe('[A1] countdown display', () => {
  it('rounds up to whole seconds and marks overtime with a sign', () => {
    expect(formatRemaining(15 * 60_000)).toBe('15:00');
    expect(formatRemaining(61_001)).toBe('1:02');
    expect(formatRemaining(999)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-65_000)).toBe('+1:05');
  });
});
