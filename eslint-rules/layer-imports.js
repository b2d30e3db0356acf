/**
 * The architecture's layers as an allow-list: a file in a layer may import
 * only what eslint.config.js lists for that layer. Everything else is refused,
 * so a new package or a new path across layers is a decision made in the
 * config, not an accident that slips past a deny-list.
 *
 * Each import is resolved before it is judged: a relative path against the
 * importing file (so `../../main/x` is seen as electron/main/ whatever the
 * file's depth), `@shared/...` to shared/, anything else to its npm package
 * (`electron/main` is the package `electron`). Static imports, re-exports,
 * `import()`, `require()`, `import x = require()` and `typeof import()` types
 * are all checked; an `import()` or `require()` of a computed name is refused
 * in a layer, since no rule could tell what it loads.
 *
 * Options: { layers, testExtras, electronNames, electronSuites } (see the config).
 */
import { isBuiltin } from 'node:module';
import { posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = 'node:';
const TEST_FILE = /\.test\.[cm]?[jt]sx?$/;

/** The path from the repo root, with forward slashes, or null outside it. */
function repoPath(absolute) {
  const rel = relative(ROOT, absolute).split(sep).join('/');
  return rel.startsWith('../') || rel === '..' ? null : rel;
}

/** The folder entry ('shared/', 'electron/core/', ...) that holds a repo path. */
function folderOf(path, folders) {
  return folders.find((folder) => `${path}/`.startsWith(folder)) ?? null;
}

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * What an import reaches: { folder } for repo files (folder null when it
 * is in no listed folder), { node } for a Node built-in, { pkg } otherwise.
 */
function target(specifier, fromFile, folders) {
  const isRelative = /^\.\.?(\/|$)/.test(specifier);
  if (isRelative || specifier.startsWith('/')) {
    const path = repoPath(resolve(fromFile, '..', specifier));
    return { folder: path === null ? null : folderOf(path, folders), path };
  }
  if (specifier === '@shared' || specifier.startsWith('@shared/')) {
    const path = posix.normalize(`shared/${specifier.slice('@shared'.length)}`);
    return { folder: path.startsWith('../') ? null : folderOf(path, folders), path };
  }
  if (isBuiltin(specifier)) return { node: specifier.replace(/^node:/, '') };
  return { pkg: packageOf(specifier) };
}

function isAllowed(reached, allowed) {
  if (reached.node !== undefined) {
    // createRequire loads modules by a computed name, past this rule.
    return allowed.includes(NODE) && reached.node !== 'module';
  }
  if (reached.pkg !== undefined) return allowed.includes(reached.pkg);
  return reached.folder !== null && allowed.includes(reached.folder);
}

function literalValue(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) {
    return node.quasis[0].value.cooked;
  }
  return null;
}

const nameOf = (id) => id.name ?? id.value;

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what the config allows it.' },
    schema: [{ type: 'object' }],
    messages: {
      notAllowed: "{{layer}} may not import '{{specifier}}'{{where}}. It may import: {{allowed}}.",
      computed:
        '{{layer}} may not {{how}} a computed name: the layer rule cannot see what it loads.',
      notALayer:
        '{{path}} is in no layer: put it in one of {{layers}} (or add a layer to eslint.config.js).',
      wholeElectron:
        "Take named imports from 'electron' (import { app } from 'electron'), so the rule can see who uses ipcMain and ipcRenderer.",
      ownedName: "Only {{owners}} may import '{{name}}' from electron.",
      electronAtRunTime:
        "Tooling may not load 'electron' (it needs the binary); only type imports. An Electron suite lives in {{suites}}.",
      playwrightElectron: "Only {{suites}} may drive Electron through Playwright's _electron.",
    },
  },

  create(context) {
    const {
      layers,
      testExtras = [],
      electronNames = {},
      electronSuites = [],
    } = context.options[0] ?? {};
    const file = repoPath(context.filename);
    if (file === null) return {};
    const folders = [...Object.keys(layers), ...testExtras.filter((e) => e.endsWith('/'))];
    const layer = folderOf(file, Object.keys(layers));
    const allowed = layer && [...layers[layer], ...(TEST_FILE.test(file) ? testExtras : [])];
    const inFolder = (list) =>
      list.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry));

    /** Judge one import source; `whole` means the importer gets the module, not names. */
    function check(sourceNode, { typeOnly = false, whole = false, how = 'import()' } = {}) {
      const specifier = literalValue(sourceNode);
      if (specifier === null) {
        if (layer)
          context.report({ node: sourceNode, messageId: 'computed', data: { layer, how } });
        return;
      }
      const reached = target(specifier, context.filename, folders);
      if (layer && !isAllowed(reached, allowed)) {
        const where = reached.folder ? ` (${reached.folder})` : reached.path ? ' (no layer)' : '';
        const listed = allowed.map((entry) => (entry === NODE ? 'node built-ins' : entry));
        context.report({
          node: sourceNode,
          messageId: 'notAllowed',
          data: { layer, specifier, where, allowed: listed.join(', ') },
        });
        return;
      }
      if (reached.pkg !== 'electron' || typeOnly) return;
      if (layer && whole) context.report({ node: sourceNode, messageId: 'wholeElectron' });
      else if (!layer && !inFolder(electronSuites)) {
        context.report({
          node: sourceNode,
          messageId: 'electronAtRunTime',
          data: { suites: electronSuites.join(', ') },
        });
      }
    }

    /** ipcMain, ipcRenderer and the like belong to one place each. */
    function checkNames(node, source, names) {
      const specifier = literalValue(source);
      if (specifier === null) return;
      const pkg = packageOf(specifier);
      for (const name of names) {
        const owners = electronNames[name];
        if (pkg === 'electron' && owners && !inFolder(owners)) {
          context.report({
            node,
            messageId: 'ownedName',
            data: { name, owners: owners.join(', ') },
          });
        }
        const drivesElectron =
          (pkg === 'playwright' || pkg === '@playwright/test') && name === '_electron';
        if (drivesElectron && !inFolder(electronSuites)) {
          context.report({
            node,
            messageId: 'playwrightElectron',
            data: { suites: electronSuites.join(', ') },
          });
        }
      }
    }

    return {
      Program(node) {
        if (!layer && file.startsWith('electron/')) {
          const data = { path: file, layers: Object.keys(layers).join(', ') };
          context.report({ node, loc: { line: 1, column: 0 }, messageId: 'notALayer', data });
        }
      },
      ImportDeclaration(node) {
        const whole = node.specifiers.some((s) => s.type !== 'ImportSpecifier');
        check(node.source, { typeOnly: node.importKind === 'type', whole });
        const named = node.specifiers.filter((s) => s.type === 'ImportSpecifier');
        const taken = named.map((s) => nameOf(s.imported));
        checkNames(node, node.source, taken);
      },
      ExportNamedDeclaration(node) {
        if (!node.source) return;
        check(node.source, { typeOnly: node.exportKind === 'type' });
        // In a re-export, `local` is the name taken from the source module.
        const taken = node.specifiers.map((s) => nameOf(s.local));
        checkNames(node, node.source, taken);
      },
      ExportAllDeclaration(node) {
        check(node.source, { typeOnly: node.exportKind === 'type', whole: true });
      },
      ImportExpression(node) {
        check(node.source, { whole: true });
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          check(node.arguments[0], { whole: true, how: 'require()' });
        }
      },
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          check(node.moduleReference.expression, { whole: true, how: 'require()' });
        }
      },
      TSImportType(node) {
        check(node.source ?? node.argument?.literal, { typeOnly: true });
      },
    };
  },
};
