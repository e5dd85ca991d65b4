import { describe, expect, it } from 'vitest';
import { planSwap, planUndo, swapState } from '@wpfleet/wp';
import { dropTablesSql } from '../../src/db/table-swap.js';

const prefixes = { live: 'wp_', staging: 'wpfs_', backup: 'wpfb_' };

describe('the table swap', () => {
  it('makes every staging table live and keeps the old live tables under the backup prefix, in one statement', () => {
    const plan = planSwap({
      ...prefixes,
      tables: ['wp_posts', 'wp_options', 'wpfs_posts', 'wpfs_options', 'wpfs_newtable'],
      copied: ['posts', 'options', 'newtable'],
    });
    expect(plan.sql).toBe(
      'RENAME TABLE `wpfs_newtable` TO `wp_newtable`, `wp_options` TO `wpfb_options`, `wpfs_options` TO `wp_options`, ' +
        '`wp_posts` TO `wpfb_posts`, `wpfs_posts` TO `wp_posts`;',
    );
    expect(plan.backedUp).toEqual(['options', 'posts']);
  });

  it("never touches another install's tables that share the database", () => {
    const plan = planSwap({
      ...prefixes,
      tables: ['wp_posts', 'wp_shop_posts', 'wpfs_posts', 'wp_extra'],
      copied: ['posts'],
    });
    expect(plan.sql).not.toContain('wp_shop_posts');
    expect(plan.untouched).toEqual(['extra', 'shop_posts']);
  });

  it('refuses before changing anything when a staging table is missing', () => {
    expect(() =>
      planSwap({ ...prefixes, tables: ['wp_posts', 'wpfs_posts'], copied: ['posts', 'options'] }),
    ).toThrow(/staging tables are missing: wpfs_options/);
  });

  it('refuses to overwrite the rollback point of an earlier migration', () => {
    expect(() =>
      planSwap({ ...prefixes, tables: ['wp_posts', 'wpfs_posts', 'wpfb_posts'], copied: ['posts'] }),
    ).toThrow(/backup tables from an earlier swap/);
  });

  it('refuses a staging prefix that WordPress would take for its own tables', () => {
    expect(() =>
      planSwap({ live: 'wp_', staging: 'wp_stg_', backup: 'wpfb_', tables: [], copied: [] }),
    ).toThrow(/starts with the live prefix/);
  });

  it('quotes names so a backtick cannot end the identifier', () => {
    expect(() =>
      planSwap({ live: 'wp`x', staging: 'wpfs_', backup: 'wpfb_', tables: [], copied: [] }),
    ).toThrow(/plain identifier/);
  });

  it('undoes a swap in one statement, and tells from the table list whether a swap already happened', () => {
    const after = ['wp_posts', 'wpfb_posts', 'wp_newtable'];
    expect(swapState(prefixes, after, ['posts', 'newtable'])).toBe('done');
    expect(swapState(prefixes, ['wp_posts', 'wpfs_posts', 'wpfs_newtable'], ['posts', 'newtable'])).toBe(
      'pending',
    );
    const undo = planUndo({
      ...prefixes,
      tables: after,
      promoted: ['posts', 'newtable'],
      backedUp: ['posts'],
    });
    expect(undo.sql).toBe(
      'RENAME TABLE `wp_posts` TO `wpfs_posts`, `wp_newtable` TO `wpfs_newtable`, `wpfb_posts` TO `wp_posts`;',
    );
  });
});

describe('dropping staged tables', () => {
  it('drops views too, which DROP TABLE passes over, with every name quoted', () => {
    expect(dropTablesSql(['wpfs_posts', 'wpfs_v`x'])).toBe(
      'DROP TABLE IF EXISTS `wpfs_posts`, `wpfs_v``x`; DROP VIEW IF EXISTS `wpfs_posts`, `wpfs_v``x`',
    );
  });
});
