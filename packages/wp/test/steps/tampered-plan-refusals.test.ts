// plan.json is trusted once its hash matches, and the journal once it parses: every step that drops, renames or
// removes re-asserts the prefixes and work directories it acts on right before it acts. Each case feeds a tampered
// site and checks the refusal came before the first command reached either host.
import type { PlannedSite } from '@wpfleet/core';
import { describe, expect, it } from 'vitest';
import { dbStep } from '../../src/steps/db-step.js';
import { RunMemory } from '../../src/run-memory/run-memory.js';
import {
  listSiteLeftovers,
  removeSiteLeftovers,
  type CleanupFindings,
} from '../../src/cleanup/site-leftovers.js';
import { targetWorkDirs } from '../../src/step-environment/site-sides.js';
import type { StepEnvironment } from '../../src/step-environment/step-environment.js';
import type { SwapOutputs } from '../../src/step-outputs/swap-outputs.js';
import { swapStep } from '../../src/steps/swap-step.js';
import { undoSite } from '../../src/undo/undo-site.js';
import { verifyStep } from '../../src/steps/verify-step.js';
import { ScriptedTransport } from '../doctor/scripted-transport.js';
import { stepContext } from './step-context.js';

function plannedSite(overrides: Partial<PlannedSite> = {}): PlannedSite {
  return {
    name: 'blog',
    wave: 1,
    criticality: 'normal',
    tags: [],
    source: { host: 'old-1', path: '/srv/www/blog', url: 'https://blog.example' },
    target: { host: 'new-1', path: '/var/www/blog/public', url: 'https://blog.example' },
    replacements: [],
    excludes: [],
    stagingPrefix: 'wpfs_',
    backupPrefix: 'wpfb_',
    multisite: false,
    checks: { urls: [], forms: [], login: false },
    forbiddenActions: [],
    steps: [],
    blockers: [],
    warnings: [],
    estimate: { dbBytes: 0, fileBytes: 0, durationMs: 0 },
    factsKnown: true,
    ...overrides,
  } as PlannedSite;
}

/** Both hosts answer every command with success and record it: any command at all means the guard came too late. */
function recordingEnvironment() {
  const hosts = {
    'old-1': new ScriptedTransport('old-1', () => ({})),
    'new-1': new ScriptedTransport('new-1', () => ({})),
  };
  const env: StepEnvironment = {
    host: async (name) => ({ name, transport: hosts[name as keyof typeof hosts] }),
  };
  const commands = () => [...hosts['old-1'].commands, ...hosts['new-1'].commands];
  return { env, commands };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string },
  );

describe('a hand-edited plan cannot turn a destructive step on the live tables', () => {
  it('the db step refuses a staging prefix equal to the live prefix before any SQL', async () => {
    const { env, commands } = recordingEnvironment();
    const site = plannedSite({ stagingPrefix: 'wp_' });
    const prior = { preflight: { sourcePrefix: 'wp_', targetPrefix: 'wp_' } };
    const error = await failure(dbStep(env, new RunMemory())(stepContext(site, 'db', prior)));
    expect(error?.code).toBe('WPF_PREFIX_CLASH');
    expect(commands()).toEqual([]);
  });

  it('the db step refuses a staging prefix that is not a plain identifier before any SQL', async () => {
    const { env, commands } = recordingEnvironment();
    const site = plannedSite({ stagingPrefix: '' });
    const error = await failure(
      dbStep(
        env,
        new RunMemory(),
      )(stepContext(site, 'db', { preflight: { sourcePrefix: 'wp_', targetPrefix: 'wp_' } })),
    );
    expect(error?.code).toBe('WPF_BAD_PREFIX');
    expect(commands()).toEqual([]);
  });

  it('the swap refuses `wp_` as the backup prefix of a `wp_` site before reading or renaming anything', async () => {
    const { env, commands } = recordingEnvironment();
    const site = plannedSite({ backupPrefix: 'wp_' });
    const prior = {
      preflight: { sourcePrefix: 'wp_', targetPrefix: 'wp_' },
      db: { copied: ['options', 'posts'] },
    };
    const error = await failure(swapStep(env)(stepContext(site, 'swap', prior)));
    expect(error?.code).toBe('WPF_PREFIX_CLASH');
    expect(commands()).toEqual([]);
  });
});

describe('a hand-edited journal cannot steer a later step', () => {
  it('the swap refuses preflight outputs whose live prefix is not text, naming the field, before any command', async () => {
    const { env, commands } = recordingEnvironment();
    const site = plannedSite();
    const prior = {
      preflight: { sourcePrefix: 'wp_', targetPrefix: 7 },
      db: { copied: ['options', 'posts'] },
    };
    const error = await failure(swapStep(env)(stepContext(site, 'swap', prior)));
    expect(error?.code).toBe('WPF_STEP_OUTPUT_INVALID');
    expect(error?.message).toContain('`targetPrefix`');
    expect(commands()).toEqual([]);
  });

  it('verify refuses db outputs whose digests are not a list of tables, before any command', async () => {
    const { env, commands } = recordingEnvironment();
    const site = plannedSite();
    const prior = {
      preflight: { sourcePrefix: 'wp_', targetPrefix: 'wp_' },
      db: { copied: ['posts'], tables: 'wp_posts' },
    };
    const error = await failure(verifyStep(env, new RunMemory())(stepContext(site, 'verify', prior)));
    expect(error?.code).toBe('WPF_STEP_OUTPUT_INVALID');
    expect(commands()).toEqual([]);
  });
});

describe('a hand-edited journal cannot turn undo on the live tables', () => {
  const swapOutputs = (site: PlannedSite, overrides: Partial<SwapOutputs> = {}): SwapOutputs => ({
    livePrefix: 'wp_',
    stagingPrefix: site.stagingPrefix,
    backupPrefix: site.backupPrefix,
    promotedTables: ['options', 'posts'],
    backedUpTables: ['options', 'posts'],
    contentDir: '/var/www/blog/public/wp-content',
    ...targetWorkDirs(site),
    promotedDirs: [],
    ...overrides,
  });

  it('refuses a journalled staging prefix equal to the live one, which would drop the live tables as "leftovers"', async () => {
    const { env, commands } = recordingEnvironment();
    const site = plannedSite();
    const error = await failure(undoSite(env, site, swapOutputs(site, { stagingPrefix: 'wp_' })));
    expect(error?.code).toBe('WPF_PREFIX_CLASH');
    expect(commands()).toEqual([]);
  });

  it("refuses journalled prefixes or directories that are not the plan's", async () => {
    const { env, commands } = recordingEnvironment();
    const site = plannedSite();
    for (const tampered of [{ backupPrefix: 'other_' }, { stagingDir: '/var/www/blog/public' }]) {
      const error = await failure(undoSite(env, site, swapOutputs(site, tampered)));
      expect(error?.code).toBe('WPF_JOURNAL_PLAN_MISMATCH');
      expect(error?.message).toContain(JSON.stringify(Object.values(tampered)[0]));
    }
    expect(commands()).toEqual([]);
  });
});

describe("cleanup removes only what is provably the site's", () => {
  const found = (overrides: Partial<CleanupFindings> = {}): CleanupFindings => ({
    livePrefix: 'wp_',
    stagingTables: ['wp_options', 'wp_posts'],
    backupTables: [],
    dirs: [],
    staleKeys: 0,
    ...overrides,
  });

  it('refuses to drop "staging" tables when the staging prefix is the live one', async () => {
    const { env, commands } = recordingEnvironment();
    const error = await failure(removeSiteLeftovers(env, plannedSite({ stagingPrefix: 'wp_' }), found()));
    expect(error?.code).toBe('WPF_PREFIX_CLASH');
    expect(commands()).toEqual([]);
  });

  it.each([
    ['a site name of `..`', { name: '..' }],
    ['a site name with a slash', { name: 'blog/../../etc' }],
    [
      'a target path with `..` steps',
      { target: { host: 'new-1', path: '/var/www/blog/public/../../..', url: 'https://blog.example' } },
    ],
    ['the root as target path', { target: { host: 'new-1', path: '/', url: 'https://blog.example' } }],
    [
      'a relative target path',
      { target: { host: 'new-1', path: 'var/www/blog', url: 'https://blog.example' } },
    ],
  ])(
    'refuses the work directories of a plan with %s, listing or removing, before any command',
    async (_what, overrides) => {
      const { env, commands } = recordingEnvironment();
      const site = plannedSite(overrides as Partial<PlannedSite>);
      expect((await failure(listSiteLeftovers(env, site)))?.code).toBe('WPF_CLEANUP_PATH');
      expect((await failure(removeSiteLeftovers(env, site, found({ stagingTables: [] }))))?.code).toBe(
        'WPF_CLEANUP_PATH',
      );
      expect(commands()).toEqual([]);
    },
  );
});

describe('the staging directory every step fills', () => {
  it('is refused for a site name or target path that would put it outside `<dirname(path)>/.wpfleet/<site>`', () => {
    expect(() => targetWorkDirs(plannedSite({ name: '..' }))).toThrow(
      expect.objectContaining({ code: 'WPF_PLAN_INVALID' }),
    );
    const upward = plannedSite({
      target: { host: 'new-1', path: '/var/www/blog/../../../x', url: 'https://blog.example' },
    });
    expect(() => targetWorkDirs(upward)).toThrow(/no safe work directory/);
    expect(
      targetWorkDirs(plannedSite({ target: { host: 'new-1', path: '/blog', url: 'https://blog.example' } }))
        .stagingDir,
    ).toBe('/.wpfleet/blog/staging');
  });
});
