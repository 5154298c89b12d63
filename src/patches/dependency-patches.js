#!/usr/bin/env node
'use strict';
/**
 * Source patches to dependencies, applied after every install (package.json "postinstall"), in the
 * manner of patch-package but with nothing to install: each is an exact text replacement in one file
 * of one pinned version, marked so that running it again changes nothing.
 *
 * Why these exist: on Node 20's V8 (11.3) two object shapes that Apollo Server builds for every
 * request keep the request's whole state alive through young-generation collections:
 * - an object literal with a getter/setter pair (the literal is made with a data property, then the
 *   accessors replace it, which turns the object into a dictionary whose accessor pair lives in the
 *   old generation and holds the closures and, through them, the request context);
 * - an object spread followed by a key the source does not have (`{ ...a, extra }`), which makes a
 *   new hidden class (Map, old generation) per object.
 * Everything these reach survives each scavenge and is promoted, to die in the old generation:
 * ~1 MB per scavenge under bench:recs, 5-6 ms pauses, a p99 well above the issue's 20 ms at 75% of
 * saturation. The patches build the same objects without either shape (and hash each query without a
 * Hash object, whose native half is released through a weak handle in each pause); behaviour is
 * unchanged: the whole test suite runs on the patched files, and dependency-patches.spec.ts checks
 * the patcher, the gateway context's shape and accessors, and the query hash through persisted queries.
 *
 * A different version of a package, or a file whose text no longer matches, is reported and left
 * alone (the install goes on): the server works unpatched, only its young-generation pauses are longer.
 *
 * Usage: node src/patches/dependency-patches.js [--check]   (--check: exit 1 unless all are applied)
 */
const fs = require('node:fs');
const path = require('node:path');

const MARK = '/* mirrorfit-patch */';

/** @type {{ id: string; pkg: string; version: string; file: string; edits: { find: string; replace: string }[] }[]} */
const PATCHES = [
  {
    id: 'apollo-gateway-context-accessors',
    pkg: '@apollo/server',
    version: '5.5.1',
    file: 'dist/cjs/utils/makeGatewayGraphQLRequestContext.js',
    edits: [
      {
        find: `    const response = {
        http: {
            headers: new FetcherHeadersForHeaderMap(newRequestContext.response.http.headers),
            get status() {
                return newRequestContext.response.http.status;
            },
            set status(newStatus) {
                newRequestContext.response.http.status = newStatus;
            },
        },
    };`,
        replace: `    ${MARK} const response = { http: new GatewayResponseHttp(newRequestContext.response.http) };`,
      },
      {
        find: `class FetcherHeadersForHeaderMap {`,
        replace: `${MARK} class GatewayResponseHttp {
    #http;
    constructor(http) {
        this.headers = new FetcherHeadersForHeaderMap(http.headers);
        this.#http = http;
    }
    get status() {
        return this.#http.status;
    }
    set status(newStatus) {
        this.#http.status = newStatus;
    }
}
class FetcherHeadersForHeaderMap {`,
      },
    ],
  },
  {
    id: 'apollo-pipeline-spreads',
    pkg: '@apollo/server',
    version: '5.5.1',
    file: 'dist/cjs/requestPipeline.js',
    edits: [
      {
        // One-shot hashing (Node >= 20.12): no Hash object per request, whose native half is released
        // through a weak handle in every young-generation pause (~0.5 ms of each under bench:recs).
        find: `function computeQueryHash(query) {
    return (0, utils_createhash_1.createHash)('sha256').update(query).digest('hex');
}`,
        replace: `${MARK} const oneShotHash = require('node:crypto').hash;
function computeQueryHash(query) {
    if (typeof oneShotHash === 'function') return oneShotHash('sha256', query, 'hex');
    return (0, utils_createhash_1.createHash)('sha256').update(query).digest('hex');
}`,
      },
      {
        find: `            const fullResult = await execute({
                ...requestContext,
                useLegacyIncremental: new negotiator_1.default({`,
        replace: `            const fullResult = await execute(${MARK} Object.assign({}, requestContext, {
                useLegacyIncremental: new negotiator_1.default({`,
      },
      {
        find: `                ]) === ApolloServer_js_1.MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
            });`,
        replace: `                ]) === ApolloServer_js_1.MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
            }));`,
      },
      {
        find: `                    singleResult: {
                        ...result,
                        errors: formattedErrors,
                    },`,
        replace: `                    singleResult: ${MARK} Object.assign({}, result, { errors: formattedErrors }),`,
      },
    ],
  },
  {
    id: 'apollo-http-response-spread',
    pkg: '@apollo/server',
    version: '5.5.1',
    file: 'dist/cjs/runHttpQuery.js',
    edits: [
      {
        find: `        return {
            ...graphQLResponse.http,
            body: {
                kind: 'complete',
                string: await internals.stringifyResult(orderExecutionResultFields(graphQLResponse.body.singleResult)),
            },
        };`,
        replace: `        ${MARK} return Object.assign({}, graphQLResponse.http, {
            body: {
                kind: 'complete',
                string: await internals.stringifyResult(orderExecutionResultFields(graphQLResponse.body.singleResult)),
            },
        });`,
      },
    ],
  },
];

/** Where Node would find `pkg` from the folder `from` (its package "exports" hide package.json from require.resolve). */
function packageRoot(pkg, from) {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${pkg} is not installed`);
  }
}

/** Beside each patched file: the file as installed, from which the patched text is always made again. */
const ORIGINAL_SUFFIX = '.mirrorfit-original';

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error && error.code === 'ENOENT') return null;
    throw error;
  }
}

/** The patched text of `original`, or null when an edit's text is not in it exactly once. */
function patched(patch, original) {
  let text = original;
  for (const edit of patch.edits) {
    if (text.split(edit.find).length !== 2) return null;
    text = text.replace(edit.find, () => edit.replace);
  }
  return text;
}

/**
 * What each patch finds on disk: 'applied'; 'pending' (to be made from the file as installed, kept
 * beside it, so that a revised patch, a patch that gained an edit or an interrupted write is made
 * again from the original rather than patched twice); 'other-version', 'mismatch' (the installed text
 * is not what the patch was written against) or 'missing', which are left alone.
 */
function inspect(from = path.resolve(__dirname, '..', '..')) {
  return PATCHES.map((patch) => {
    try {
      const root = packageRoot(patch.pkg, from);
      const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
      const file = path.join(root, patch.file);
      if (version !== patch.version) return { patch, file, state: 'other-version', detail: `${patch.pkg} is ${version}; the patch is for ${patch.version}` };
      const current = readIfExists(file);
      if (current === null) return { patch, file, state: 'missing', detail: `${patch.file} is not there` };
      const saved = readIfExists(file + ORIGINAL_SUFFIX);
      // The installed text when npm has just put it there (no mark, every edit's text once), else the saved one.
      const pristine = !current.includes(MARK) && patched(patch, current) !== null;
      const original = pristine ? current : saved;
      const expected = original === null ? null : patched(patch, original);
      if (expected === null) return { patch, file, state: 'mismatch', detail: `${patch.file} does not contain the text the patch replaces (exactly once)` };
      if (current === expected && saved === original) return { patch, file, state: 'applied' };
      return { patch, file, state: 'pending', original, expected, saveOriginal: saved !== original };
    } catch (error) {
      return { patch, state: 'missing', detail: String((error && error.message) || error) };
    }
  });
}

/** Writes a file whole or not at all (a temporary file renamed over it). */
function writeWhole(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** Applies every pending patch; returns what was found and done. Never throws for one package's trouble. */
function apply(from) {
  return inspect(from).map((found) => {
    if (found.state !== 'pending') return found;
    const { patch, file } = found;
    try {
      if (found.saveOriginal) writeWhole(file + ORIGINAL_SUFFIX, found.original);
      writeWhole(file, found.expected);
      return { patch, file, state: 'applied now' };
    } catch (error) {
      return { patch, file, state: 'not written', detail: String((error && error.message) || error) };
    }
  });
}

module.exports = { PATCHES, inspect, apply, packageRoot, MARK, ORIGINAL_SUFFIX };

if (require.main === module) {
  const check = process.argv.includes('--check');
  const results = check ? inspect() : apply();
  let ok = true;
  for (const r of results) {
    const good = r.state === 'applied' || r.state === 'applied now';
    ok &&= good;
    process.stdout.write(`dependency patch ${r.patch.id} (${r.patch.pkg} ${r.patch.file}): ${r.state}${r.detail ? ` (${r.detail}; left as it is)` : ''}\n`);
  }
  if (check && !ok) process.exit(1);
}
