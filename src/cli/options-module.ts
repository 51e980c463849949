/**
 * The options module ESLint's `--concurrency` workers load (`ESLint.fromOptionsModule`): the
 * default export is the full options object, rebuilt in each thread from the cloneable settings
 * the command put in the environment. Imported only through that URL, after the variable is set.
 */
import { eslintOptions, OPTIONS_ENV, type CloneableOptions } from './options.js';

const settings = process.env[OPTIONS_ENV];
if (!settings) throw new Error(`${OPTIONS_ENV} is not set: this module is loaded by the runtime-ops command only`);

export default eslintOptions(JSON.parse(settings) as CloneableOptions);
