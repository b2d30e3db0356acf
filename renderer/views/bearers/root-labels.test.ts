import { describe, expect, it } from 'vitest';
import { rootLabels } from './root-labels';

describe('the Root column’s labels', () => {
  it('keep the end of the path, where roots differ, not its start', () => {
    const labels = rootLabels(['/home/dev/.credvault/bearers', '/srv/ci/agents/tokens']);
    expect(labels.get('/home/dev/.credvault/bearers')).toBe('…/.credvault/bearers');
    expect(labels.get('/srv/ci/agents/tokens')).toBe('…/agents/tokens');
  });

  it('take more of the path when two roots end the same way', () => {
    const labels = rootLabels(['/srv/blue/agents/tokens', '/srv/green/agents/tokens']);
    expect(labels.get('/srv/blue/agents/tokens')).toBe('…/blue/agents/tokens');
    expect(labels.get('/srv/green/agents/tokens')).toBe('…/green/agents/tokens');
  });

  it('leave a short path whole, and keep Windows separators', () => {
    const labels = rootLabels(['/tokens', 'C:\\Users\\dev\\credvault\\bearers']);
    expect(labels.get('/tokens')).toBe('/tokens');
    expect(labels.get('C:\\Users\\dev\\credvault\\bearers')).toBe('…\\credvault\\bearers');
  });
});
