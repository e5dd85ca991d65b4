// The swap step when the journal says "started, never finished": the controller died right after the RENAME TABLE.
// Run against a lab site with the real handlers: the re-run must see the rename already happened, not rename
// again, still move the files and report what undo needs.
import { STEP_KINDS, type JsonObject, type StepKind } from '@wpfleet/core';
import { describe, expect, it } from 'vitest';
import { planSwap } from '../../src/db/table-swap.js';
import { createStepHandlers } from '../../src/steps/create-step-handlers.js';
import { hostStepEnvironment } from '../../src/step-environment/host-step-environment.js';
import { undoSite } from '../../src/undo/undo-site.js';
import type { SwapOutputs } from '../../src/step-outputs/swap-outputs.js';
import { labPlanFixture, labRootSql } from './lab-plan-fixture.js';
import { stepContext } from './step-context.js';

const SITE = 'docs';

const fx = labPlanFixture(SITE, 'wpfleet-swap-doubt-');
const rootSql = (host: string, query: string) => labRootSql(fx.lab, host, query);

describe('swap in doubt', () => {
  it('finds the tables already renamed, does not rename twice, still moves the files and reports what undo needs', async () => {
    const env = hostStepEnvironment(fx.pool, fx.fleet);
    const handlers = createStepHandlers(env);
    const site = fx.plan.sites[SITE]!;
    const prior: Partial<Record<StepKind, JsonObject>> = {};
    const ctx = (step: StepKind, inDoubt = false) =>
      stepContext(site, step, prior, { plan: fx.plan, inDoubt });
    for (const step of STEP_KINDS.slice(0, STEP_KINDS.indexOf('swap')))
      prior[step] = (await handlers[step](ctx(step))).outputs ?? {};

    // The controller's last act before dying: the RENAME TABLE, with nothing journalled after it.
    const t = fx.lab.targets.find((x) => x.site === SITE)!;
    const tables = rootSql(t.host, `SHOW TABLES FROM \`${t.db.name}\``).split('\n').filter(Boolean);
    const copied = prior.db!['copied'] as string[];
    const renamed = planSwap({
      live: t.prefix,
      staging: site.stagingPrefix,
      backup: site.backupPrefix,
      tables,
      copied,
    });
    rootSql(t.host, `USE \`${t.db.name}\`; ${renamed.sql}`);

    const outcome = await handlers.swap(ctx('swap', true));
    const outputs = outcome.outputs as SwapOutputs;
    try {
      expect(outcome.status).toBe('skipped');
      expect(outputs.promotedTables).toEqual([...copied].sort());
      expect(outputs.backedUpTables.sort()).toEqual([...renamed.backedUp].sort());
      expect(outputs.promotedDirs.length).toBeGreaterThan(0);
      const after = rootSql(t.host, `SHOW TABLES FROM \`${t.db.name}\``).split('\n').filter(Boolean);
      expect(after.filter((n) => n.startsWith(site.stagingPrefix))).toEqual([]);
      expect(after.filter((n) => n.startsWith(site.backupPrefix)).length).toBe(renamed.backedUp.length);
    } finally {
      const undone = await undoSite(env, site, outputs);
      expect(undone.alreadyUndone).toBe(false);
    }
  });
});
