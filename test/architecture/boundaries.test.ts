/**
 * The architecture, enforced: which part of the code may import which (README, "Layout").
 *
 * Every .ts/.tsx file under protocol/, server/, delivery/, widget/ and agent-console/ is parsed with
 * the TypeScript compiler (no type checking, so it is quick); every module specifier it names
 * (`import`, `export … from`, `import()`, `import x = require()`, `import('…')` in a type) is
 * resolved to a repository path, or kept as a package name, and checked against `RULES` below.
 * A failure names the file, the line, the import and the rule it breaks.
 *
 * The checker checks itself first, on in-memory sources that break each rule, so this file cannot
 * pass by finding nothing; it also fails if a rule governs no file at all (a folder was moved).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The folders whose files the rules govern. Tests, scripts and build output are not checked. */
const SOURCE_ROOTS = ['protocol', 'server', 'delivery', 'widget', 'agent-console'] as const;

// ---------------------------------------------------------------------------------------------
// What an import points at, and the patterns rules are written in
// ---------------------------------------------------------------------------------------------

/** Where an import leads: one of our files (repository path, posix), or a package (bare specifier). */
type Target = { kind: 'ours'; path: string } | { kind: 'package'; name: string };

/** A set of targets a rule names. */
interface Pattern {
  label: string;
  test(target: Target): boolean;
}

/** Our files under a folder, for example `ours('server/domain/')`. */
const ours = (prefix: string): Pattern => ({
  label: prefix,
  test: (target) => target.kind === 'ours' && target.path.startsWith(prefix),
});

/** One of our files exactly, for example `oursFile('protocol/models.ts')`. */
const oursFile = (file: string): Pattern => ({
  label: file,
  test: (target) => target.kind === 'ours' && target.path === file,
});

/** A package and its subpaths: `pkg('zod')` matches `zod` and `zod/v4`; `pkg('node:')` every Node built-in. */
const pkg = (name: string): Pattern => ({
  label: name.endsWith(':') ? `${name}*` : name,
  test: (target) =>
    target.kind === 'package' &&
    (name.endsWith(':') ? target.name.startsWith(name) : target.name === name || target.name.startsWith(`${name}/`)),
});

// ---------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------

interface Rule {
  /** What the rule keeps true, as a sentence: it is printed with every violation. */
  name: string;
  /** The files it governs: repository path prefixes. */
  files: readonly string[];
  /**
   * `only`: these files may import these targets and nothing else (packages included).
   * `never`: these files may not import these targets.
   * `neverAsValue`: these files may name these targets in `import type` / `export type` only.
   */
  only?: readonly Pattern[];
  never?: readonly Pattern[];
  neverAsValue?: readonly Pattern[];
}

const BROWSER = ['widget/', 'delivery/', 'agent-console/'] as const;

/**
 * The protocol modules that carry zod at run time: those that import `zod` (the event maps, models,
 * HTTP schemas; command-schemas.ts too, whose `import type { z }` makes it a schema-only module
 * with nothing for a browser to run), and every protocol module that imports one of those as a
 * value. Worked out from the files themselves in `zodModules`, so a new schema module is covered
 * the day it appears.
 */
function zodCarryingRule(zodCarrying: readonly string[]): Rule {
  return {
    name: 'browser bundles import zod-carrying protocol modules with `import type` only, so zod never ships to browsers',
    files: BROWSER,
    neverAsValue: zodCarrying.map(oursFile),
  };
}

/** The rules, one line of architecture each (README, "Layout": imports point inward only). */
const STATIC_RULES: readonly Rule[] = [
  {
    name: 'the domain is pure: it imports protocol/ and itself only (no framework, no zod, no node: built-ins)',
    files: ['server/domain/'],
    only: [ours('protocol/'), ours('server/domain/')],
  },
  {
    name: 'services do not know the transports',
    files: ['server/services/'],
    never: [ours('server/http/'), ours('server/realtime/')],
  },
  {
    name: 'stores sit below the services and the transports',
    files: ['server/stores/'],
    never: [ours('server/services/'), ours('server/http/'), ours('server/realtime/')],
  },
  {
    name: 'browser code never imports the server',
    files: BROWSER,
    never: [ours('server/')],
  },
  {
    name: 'the widget does not import the console',
    files: ['widget/'],
    never: [ours('agent-console/')],
  },
  {
    name: 'the console does not import the widget',
    files: ['agent-console/'],
    never: [ours('widget/')],
  },
  {
    name: 'delivery/ is framework-free: it imports protocol/ and itself only (no socket.io-client, preact or react)',
    files: ['delivery/'],
    only: [ours('protocol/'), ours('delivery/')],
  },
  {
    name: 'protocol/ imports nothing of ours outside protocol/, and no package but zod',
    files: ['protocol/'],
    only: [ours('protocol/'), pkg('zod')],
  },
];

// ---------------------------------------------------------------------------------------------
// Reading imports
// ---------------------------------------------------------------------------------------------

interface ImportRef {
  specifier: string;
  /** True when nothing of the module is loaded at run time (`import type`, `export type`, `import('…')` types). */
  typeOnly: boolean;
  line: number;
}

/**
 * Every module specifier a file names. Under `verbatimModuleSyntax` (tsconfig.base.json),
 * `import { type A } from 'm'` still loads `m` (it compiles to `import {} from 'm'`), so only a
 * type-only clause (`import type …`, `export type …`) counts as type-only.
 */
function importsOf(fileName: string, text: string): ImportRef[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: ImportRef[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean): void => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: specifier.text, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import('m')`, `import('m').T`: a type, erased.
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((isDynamicImport || isRequire) && first !== undefined) add(node, first, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Where a specifier leads from `fromFile` (a repository path). Relative specifiers become
 * repository paths, with the `.js` our imports are written with mapped back to the `.ts`/`.tsx`
 * that `exists`; anything else is a package.
 */
function resolveTarget(fromFile: string, specifier: string, exists: (file: string) => boolean): Target {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return { kind: 'package', name: specifier };
  const [bare = specifier] = specifier.split('?');
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), bare));
  const candidates = /\.(m|c)?js$/.test(joined)
    ? [joined.replace(/\.(m|c)?js$/, '.ts'), joined.replace(/\.(m|c)?js$/, '.tsx'), joined]
    : [joined, `${joined}.ts`, `${joined}.tsx`, `${joined}/index.ts`];
  return { kind: 'ours', path: candidates.find(exists) ?? joined };
}

function describeTarget(target: Target): string {
  return target.kind === 'ours' ? target.path : target.name;
}

// ---------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------

interface SourceFile {
  /** Repository path, posix separators. */
  path: string;
  text: string;
}

const governs = (rule: Rule, file: string): boolean => rule.files.some((prefix) => file.startsWith(prefix));

/** One line per broken rule: `file:line imports 'specifier' (→ target): rule`. */
function checkBoundaries(
  files: readonly SourceFile[],
  rules: readonly Rule[],
  exists: (file: string) => boolean,
): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const applicable = rules.filter((rule) => governs(rule, file.path));
    if (applicable.length === 0) continue;
    for (const ref of importsOf(file.path, file.text)) {
      const target = resolveTarget(file.path, ref.specifier, exists);
      for (const rule of applicable) {
        const broken =
          (rule.only !== undefined && !rule.only.some((pattern) => pattern.test(target))) ||
          (rule.never?.some((pattern) => pattern.test(target)) ?? false) ||
          (!ref.typeOnly && (rule.neverAsValue?.some((pattern) => pattern.test(target)) ?? false));
        if (broken) {
          const how = ref.typeOnly ? 'type import' : 'import';
          violations.push(`${file.path}:${ref.line} ${how} '${ref.specifier}' (→ ${describeTarget(target)}): ${rule.name}`);
        }
      }
    }
  }
  return violations;
}

/**
 * The protocol files that carry zod at run time (see `zodCarryingRule`): those naming `zod` in an
 * import, then, until nothing changes, those importing one of them as a value.
 */
function zodModules(files: readonly SourceFile[], exists: (file: string) => boolean): string[] {
  const protocol = files.filter((file) => file.path.startsWith('protocol/'));
  const edges = new Map(
    protocol.map((file) => [
      file.path,
      importsOf(file.path, file.text).map((ref) => ({ ref, target: resolveTarget(file.path, ref.specifier, exists) })),
    ]),
  );
  const carrying = new Set<string>();
  for (const [file, refs] of edges) if (refs.some(({ target }) => pkg('zod').test(target))) carrying.add(file);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [file, refs] of edges) {
      if (carrying.has(file)) continue;
      if (refs.some(({ ref, target }) => !ref.typeOnly && target.kind === 'ours' && carrying.has(target.path))) {
        carrying.add(file);
        grew = true;
      }
    }
  }
  return [...carrying].sort();
}

// ---------------------------------------------------------------------------------------------
// The repository
// ---------------------------------------------------------------------------------------------

function sourceFilesUnder(folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(child);
      } else if (/\.tsx?$/.test(entry.name)) {
        files.push({ path: child, text: readFileSync(path.join(ROOT, child), 'utf8') });
      }
    }
  };
  walk(folder);
  return files;
}

const existsInRepo = (file: string): boolean => existsSync(path.join(ROOT, file));

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('the boundary checker (checking itself first)', () => {
  /** A pretend tree: these files "exist", so `.js` specifiers resolve to them. */
  const fake = new Set([
    'protocol/models.ts',
    'protocol/limits.ts',
    'protocol/visitor-events.ts',
    'protocol/error-codes.ts',
    'server/services/clock.ts',
    'server/domain/entities.ts',
    'server/realtime/rooms.ts',
    'widget/app/chat-client.ts',
    'agent-console/src/format.ts',
  ]);
  const fakeExists = (file: string): boolean => fake.has(file);
  const fakeRules = [...STATIC_RULES, zodCarryingRule(['protocol/models.ts', 'protocol/visitor-events.ts'])];
  const check = (file: string, text: string): string[] => checkBoundaries([{ path: file, text }], fakeRules, fakeExists);

  it('reads every kind of module specifier, and tells type-only ones apart', () => {
    const text = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "import { type C } from 'c';",
      "import 'd';",
      "export * from 'e';",
      "export type { F } from 'f';",
      "const g = await import('g');",
      "type H = typeof import('h');",
      "import i = require('i');",
    ].join('\n');
    expect(importsOf('x.ts', text).map(({ specifier, typeOnly, line }) => [specifier, typeOnly, line])).toEqual([
      ['a', false, 1],
      ['b', true, 2],
      ['c', false, 3], // still loads 'c' under verbatimModuleSyntax
      ['d', false, 4],
      ['e', false, 5],
      ['f', true, 6],
      ['g', false, 7],
      ['h', true, 8],
      ['i', false, 9],
    ]);
  });

  it('resolves relative specifiers to repository files and keeps packages as names', () => {
    expect(resolveTarget('server/domain/roles.ts', '../../protocol/models.js', fakeExists)).toEqual({
      kind: 'ours',
      path: 'protocol/models.ts',
    });
    expect(resolveTarget('widget/app/main.tsx', './chat-client.js', fakeExists)).toEqual({
      kind: 'ours',
      path: 'widget/app/chat-client.ts',
    });
    expect(resolveTarget('server/domain/roles.ts', 'node:crypto', fakeExists)).toEqual({ kind: 'package', name: 'node:crypto' });
  });

  it('flags a domain file that imports a framework, a node: built-in, zod or a service, and allows protocol types', () => {
    const violations = check(
      'server/domain/bad.ts',
      [
        "import type { Role } from '../../protocol/models.js';",
        "import type { Conversation } from './entities.js';",
        "import Fastify from 'fastify';",
        "import { randomUUID } from 'node:crypto';",
        "import { z } from 'zod';",
        "import type { Clock } from '../services/clock.js';",
        "const rooms = await import('../realtime/rooms.js');",
      ].join('\n'),
    );
    expect(violations.map((violation) => violation.split(' ')[0])).toEqual([
      'server/domain/bad.ts:3',
      'server/domain/bad.ts:4',
      'server/domain/bad.ts:5',
      'server/domain/bad.ts:6',
      'server/domain/bad.ts:7',
    ]);
    expect(violations[0]).toContain("'fastify'");
    expect(violations[0]).toContain('the domain is pure');
  });

  it('flags services and stores that reach outward', () => {
    expect(check('server/services/bad.ts', "import { rooms } from '../realtime/rooms.js';")).toHaveLength(1);
    expect(check('server/stores/bad.ts', "import type { Clock } from '../services/clock.js';")).toHaveLength(1);
    expect(check('server/services/good.ts', "import type { Conversation } from '../domain/entities.js';")).toEqual([]);
  });

  it('flags browser code that imports the server, the other app, or a framework into delivery/', () => {
    expect(check('widget/app/bad.ts', "import type { Clock } from '../../server/services/clock.js';")).toHaveLength(1);
    expect(check('widget/app/bad.ts', "import { formatTime } from '../../agent-console/src/format.js';")).toHaveLength(1);
    expect(check('agent-console/src/bad.ts', "import { ChatClient } from '../../widget/app/chat-client.js';")).toHaveLength(1);
    expect(check('delivery/bad.ts', "import type { Socket } from 'socket.io-client';")).toHaveLength(1);
    expect(check('delivery/bad.ts', "import { h } from 'preact';")).toHaveLength(1);
    expect(check('delivery/good.ts', "import { CLIENT_ID_PATTERN } from '../protocol/limits.js';")).toEqual([]);
  });

  it('flags protocol/ importing anything of ours outside it, or a package other than zod', () => {
    expect(check('protocol/bad.ts', "import type { Agent } from '../server/domain/entities.js';")).toHaveLength(1);
    expect(check('protocol/bad.ts', "import { io } from 'socket.io-client';")).toHaveLength(1);
    expect(check('protocol/good.ts', "import { z } from 'zod';\nimport { MESSAGE_TEXT_MAX } from './limits.js';")).toEqual([]);
  });

  it('flags a browser value import of a zod-carrying protocol module, and allows `import type`', () => {
    const bad = check('widget/app/bad.ts', "import { VisitorMessageSendSchema } from '../../protocol/visitor-events.js';");
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain('zod never ships to browsers');
    // `import { type X }` still loads the module (verbatimModuleSyntax): a violation too.
    expect(check('agent-console/src/bad.ts', "import { type Message } from '../../protocol/models.js';")).toHaveLength(1);
    expect(check('widget/app/good.ts', "import type { Message } from '../../protocol/models.js';")).toEqual([]);
    expect(check('widget/app/good.ts', "import { ERROR_CODES } from '../../protocol/error-codes.js';")).toEqual([]);
  });

  it('works out which protocol modules carry zod, following value imports only', () => {
    const files: SourceFile[] = [
      { path: 'protocol/models.ts', text: "import { z } from 'zod';" },
      { path: 'protocol/visitor-events.ts', text: "import { MessageSchema } from './models.js';" },
      { path: 'protocol/error-codes.ts', text: "import type { Message } from './models.js';" },
      { path: 'protocol/limits.ts', text: 'export const MAX = 1;' },
    ];
    expect(zodModules(files, fakeExists)).toEqual(['protocol/models.ts', 'protocol/visitor-events.ts']);
  });
});

describe('the repository keeps its boundaries', () => {
  const files = SOURCE_ROOTS.flatMap(sourceFilesUnder);
  const zodCarrying = zodModules(files, existsInRepo);
  const rules = [...STATIC_RULES, zodCarryingRule(zodCarrying)];

  it('finds the source files, and every rule governs some of them', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const root of SOURCE_ROOTS) expect(files.some((file) => file.path.startsWith(`${root}/`)), root).toBe(true);
    for (const rule of rules) expect(files.some((file) => governs(rule, file.path)), rule.name).toBe(true);
  });

  it('knows the schema modules of protocol/ as zod-carrying, and the cheap ones as not', () => {
    expect(zodCarrying).toEqual(
      expect.arrayContaining([
        'protocol/agent-events.ts',
        'protocol/command-schemas.ts',
        'protocol/http.ts',
        'protocol/models.ts',
        'protocol/visitor-events.ts',
      ]),
    );
    // These say in their own comments that browsers may import them as values.
    for (const cheap of ['protocol/error-codes.ts', 'protocol/limits.ts', 'protocol/namespaces.ts', 'protocol/version.ts']) {
      expect(zodCarrying).not.toContain(cheap);
    }
  });

  // One test per rule, so a failure says which line of the architecture broke.
  for (const rule of rules) {
    it(`holds: ${rule.name}`, () => {
      expect(checkBoundaries(files, [rule], existsInRepo)).toEqual([]);
    });
  }
});
