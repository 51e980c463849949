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

/**
 * What a package.json's dependencies say about the project, read by the project model
 * (`project/manifest.ts`) to guess what a package is when nothing declares it.
 */

/** Dependencies of a browser app: a package that depends on one of these (and on nothing server-side) runs in a browser. */
export const BROWSER_APP_DEPENDENCIES = new Set([
  'react',
  'react-dom',
  'vue',
  'preact',
  'svelte',
  'solid-js',
  '@angular/core',
  'lit',
  'react-native',
  'expo',
]);

/** Dependencies of a desktop or editor app: code that runs on the user's machine, not a deployed service. */
export const DESKTOP_APP_DEPENDENCIES = new Set(['electron', '@tauri-apps/api', 'obsidian']);

/**
 * Full-stack frameworks: the project holds both browser and server code, told apart per file
 * (`'use client'`, components, `*.client.ts` in the browser; route handlers, `'use server'`,
 * `server/` folders on the server).
 */
export const FULL_STACK_DEPENDENCIES = new Map<string, 'react' | 'nuxt' | 'sveltekit'>([
  ['next', 'react'],
  ['@remix-run/react', 'react'],
  ['@react-router/dev', 'react'],
  ['nuxt', 'nuxt'],
  ['@sveltejs/kit', 'sveltekit'],
]);

/** Dependencies that start a server or a worker: a package depending on one is deployed code, whatever else it holds. */
export const SERVER_FRAMEWORK_DEPENDENCIES = new Set([
  'express',
  'fastify',
  'koa',
  '@nestjs/core',
  '@hapi/hapi',
  'hapi',
  'hono',
  '@hono/node-server',
  'restify',
  '@adonisjs/core',
  '@apollo/server',
  '@trpc/server',
  'apollo-server',
  'apollo-server-express',
  'graphql-yoga',
  'polka',
  'h3',
  'elysia',
  'socket.io',
  'ws',
  '@remix-run/node',
  '@remix-run/serve',
  '@remix-run/express',
  '@react-router/node',
  '@react-router/serve',
  'bullmq',
  'bull',
  'bee-queue',
  'agenda',
  '@temporalio/worker',
  'kafkajs',
  'amqplib',
]);

/** Node-only libraries (databases, mail) that a browser bundle never depends on: a package using one has server code. */
export const SERVER_SIDE_DEPENDENCIES = new Set([
  'pg',
  'mysql',
  'mysql2',
  'mongodb',
  'mongoose',
  '@prisma/client',
  'prisma',
  'typeorm',
  'sequelize',
  'knex',
  'kysely',
  'drizzle-orm',
  'redis',
  'ioredis',
  'nodemailer',
  'better-sqlite3',
  'sqlite3',
]);

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
