/**
 * What TS/JS packages are, as far as the rules care: the one place that lists them, so that no
 * rule keeps its own list of frameworks.
 */

/** Packages whose import makes a file a command-line program. */
export const CLI_PACKAGES = new Set([
  'commander',
  'yargs',
  'yargs/yargs',
  'yargs/helpers',
  '@oclif/core',
  'cac',
  'meow',
  'clipanion',
  'citty',
  'sade',
  'minimist',
  'mri',
  'arg',
  'caporal',
  '@caporal/core',
  'vorpal',
  'inquirer',
  '@inquirer/prompts',
  'prompts',
  'enquirer',
  'ink',
  'nest-commander',
]);

/** Packages whose import makes a file browser (UI) code: its console is a devtools panel, its env a bundler constant. */
export const UI_PACKAGES = new Set([
  'react',
  'react-dom',
  'react-dom/client',
  'react-router',
  'react-router-dom',
  'next/navigation',
  'next/router',
  'next/link',
  'next/image',
  'next/dynamic',
  'vue',
  'vue-router',
  'pinia',
  'svelte',
  'svelte/store',
  'solid-js',
  'preact',
  'preact/hooks',
  'lit',
  'jquery',
  '@tanstack/react-query',
  'react-native',
  'expo',
  // Desktop and editor hosts: code that runs on a user's machine, not a deployed service.
  'electron',
  'obsidian',
  'vscode',
]);

/** Scoped packages whose every entry is UI code. */
export const UI_SCOPES = ['@angular/', '@mui/', '@chakra-ui/', '@radix-ui/', '@headlessui/', '@vue/', '@sveltejs/kit', 'react-native-'];

/** Whether a module specifier names a UI package. */
export function isUiPackage(specifier: string): boolean {
  return UI_PACKAGES.has(specifier) || UI_SCOPES.some((scope) => specifier.startsWith(scope));
}

/** Whether a module specifier names a CLI framework. */
export function isCliPackage(specifier: string): boolean {
  return CLI_PACKAGES.has(specifier) || CLI_PACKAGES.has(specifier.replace(/^node:/, ''));
}

/**
 * Prefixes of environment variables that bundlers replace with constants at build time
 * (Next.js `NEXT_PUBLIC_`, Vite `VITE_`, Create React App `REACT_APP_`, Expo `EXPO_PUBLIC_`, Nuxt
 * `NUXT_PUBLIC_`, Gatsby `GATSBY_`, SvelteKit/Astro `PUBLIC_`): reading one is reading a constant.
 */
const BUNDLER_ENV_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'GATSBY_', 'PUBLIC_', 'STORYBOOK_'];

/** Whether an environment variable is inlined by a bundler at build time. */
export function isBundlerConstant(name: string): boolean {
  return BUNDLER_ENV_PREFIXES.some((prefix) => name.startsWith(prefix));
}
