// What differs in plugins and themes before the move: the files step copies the source's, extras stay.
import { compareParity } from '../../compare/compare-parity.js';
import { warning, type PlanRule } from './plan-rule.js';

export const pluginParity: PlanRule = {
  name: 'plugin-parity',
  check({ facts }) {
    const { source, target } = facts;
    if (!source || !target?.plugins) return [];
    const plugins = compareParity(source.plugins, target.plugins);
    const themes = compareParity(source.themes, target.themes ?? []);
    const differs =
      plugins.missing.length +
      plugins.extra.length +
      plugins.versionDiffers.length +
      themes.versionDiffers.length +
      themes.missing.length;
    if (differs === 0) return [];
    return [
      warning(
        'plugin-parity',
        `before the move the target differs: ${plugins.missing.length} plugin(s) missing, ${plugins.extra.length} extra, ${plugins.versionDiffers.length} at another version; ${themes.missing.length} theme(s) missing`,
        'the files step copies the source plugins and themes; extra target plugins stay unless deleted',
      ),
    ];
  },
};
