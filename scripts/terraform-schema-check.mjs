#!/usr/bin/env node
// Holds every resource and data source type, attribute and nested block name that the Terraform
// files use to the google provider's real schema, offline: `terraform validate` would need the
// provider binary, which cannot be downloaded here. The schema is the provider's prebuilt cdktf
// bindings (@cdktf/provider-google, generated from one provider release), read from their jsii
// assembly manifest; the files are parsed with @cdktf/hcl2json. Both are pinned in
// scripts/terraform-schema/package-lock.json:
//
//   npm ci --prefix scripts/terraform-schema
//   node scripts/terraform-schema-check.mjs [--json] [path ...]   (default: terraform)
//
// A path is a .tf file or a folder, searched recursively (skipping .terraform). It reports, per
// block: an unknown resource/data source type; an unknown attribute or nested block name (saying
// when the name is a computed-only attribute, and the closest known names); a block written as
// `name = ...`; a literal list, map or single value where the schema takes another shape; a
// required attribute or block left out; a dynamic block naming no block; a module call with a
// local source that passes an argument the module does not declare or leaves out one of its
// required variables; a required_providers version constraint that excludes the schema's version;
// a reference google_x.name.attr[0].nested in any expression whose resource the module does not
// declare or whose attribute names (computed ones included) are not the schema's.
// Expressions are not evaluated, so their types are not checked.
// Exit status: 0 no problem, 1 problems, 2 could not run.
// The snake_case names come from the Terraform Registry links in the bindings' docs, not from case
// conversion (which the bindings do not invert: `fetchhDetails` is geth_details, `buildAttribute`
// is build).

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS =
  process.env.TERRAFORM_SCHEMA_TOOLS ||
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'terraform-schema');

function fail(message) {
  process.stderr.write(`terraform-schema-check: ${message}\n`);
  process.exit(2);
}

// --- the provider schema --------------------------------------------------------------------

function loadPackages() {
  const require = createRequire(path.join(TOOLS, 'package.json'));
  let providerDir, hcl2json;
  try {
    providerDir = path.dirname(require.resolve('@cdktf/provider-google/package.json'));
    hcl2json = require('@cdktf/hcl2json');
  } catch (e) {
    fail(
      `the pinned packages are not installed in ${TOOLS}/node_modules (${e.code || e.message});` +
        ` run: npm ci --prefix ${path.relative(process.cwd(), TOOLS) || '.'}`,
    );
  }
  const assemblyFile = path.join(providerDir, '.jsii');
  if (!existsSync(assemblyFile)) fail(`${assemblyFile} is missing`);
  return { assembly: JSON.parse(readFileSync(assemblyFile, 'utf8')), hcl2json };
}

const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
  'provisioner',
  'connection',
]);
const DYNAMIC_ARGUMENTS = new Set(['for_each', 'iterator', 'labels', 'content']);
const MODULE_META_ARGUMENTS = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'depends_on',
]);
const PROVIDER_META_ARGUMENTS = new Set(['alias', 'version']);

/** snake_case → the bindings' camelCase, only to say that an unknown name is computed-only. */
const camel = (s) =>
  s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()).replace(/(\d)([a-z])/g, (_, d, c) => d + c.toUpperCase());
const snake = (s) => s.replace(/([A-Z])/g, '_$1').toLowerCase();

class Schema {
  constructor(assembly) {
    this.assembly = assembly;
    this.types = assembly.types;
    this.blocks = { resource: new Map(), data: new Map(), provider: new Map() };
    this.structs = new Map();
    this.providerVersion = null;
    const kinds = {
      'cdktf.TerraformResource': 'resource',
      'cdktf.TerraformDataSource': 'data',
      'cdktf.TerraformProvider': 'provider',
    };
    for (const t of Object.values(this.types)) {
      const kind = t.kind === 'class' && kinds[t.base];
      if (!kind) continue;
      // "Represents a {@link https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/x google_x}."
      const m = (t.docs?.summary || '').match(
        /registry\.terraform\.io\/providers\/[\w-]+\/[\w-]+\/([\w.-]+)\/docs\S* (\w+)\}/,
      );
      const config = t.initializer?.parameters?.find((p) => p.name === 'config');
      if (!m || !config?.type?.fqn) throw new Error(`cannot read the Terraform name of ${t.fqn}`);
      this.providerVersion ||= m[1];
      this.blocks[kind].set(m[2], { fqn: t.fqn, config: config.type.fqn, outputs: t.fqn });
    }
    if (this.blocks.resource.size < 100) throw new Error('the assembly lists almost no resources');
  }

  isStruct(fqn) {
    const t = this.types[fqn];
    return t && t.kind === 'interface' && t.datatype && t.assembly === this.assembly.name;
  }

  /** The struct a property's type holds (directly, in a list/set/map, or in a union), if any. */
  structOf(type) {
    if (!type) return null;
    if (type.fqn) return this.isStruct(type.fqn) ? type.fqn : null;
    if (type.collection) return this.structOf(type.collection.elementtype);
    if (type.union) {
      for (const u of type.union.types) {
        const s = this.structOf(u);
        if (s) return s;
      }
    }
    return null;
  }

  /** 'list', 'map', 'value' (string, number or bool) or null (a struct, json, anything). */
  shapeOf(type) {
    if (type.collection) return type.collection.kind === 'map' ? 'map' : 'list';
    if (type.primitive) return ['string', 'number', 'boolean'].includes(type.primitive) ? 'value' : null;
    if (type.union) {
      const shapes = new Set(type.union.types.map((u) => (u.fqn === 'cdktf.IResolvable' ? 'any' : this.shapeOf(u))));
      shapes.delete('any');
      return shapes.size === 1 ? [...shapes][0] : null;
    }
    return null;
  }

  /**
   * A config struct as name → attribute, plus the computed-only attributes its output class
   * has: the class's getters that are neither in the struct nor `...Input`.
   */
  struct(fqn, outputsFqn) {
    const cached = this.structs.get(fqn);
    if (cached) return cached;
    const t = this.types[fqn];
    const attributes = new Map();
    for (const p of t.properties || []) {
      const docs = JSON.stringify(p.docs || {});
      const links = [...docs.matchAll(/\/docs(?:\/(?:resources|data-sources)\/\w+)?#(\w+) \w+#\w+\}/g)];
      // Two of the 26,155 properties of 16.12.1 have no link (pubsub's javascript_udf code).
      const name = links.length ? links[links.length - 1][1] : snake(p.name);
      const block = this.structOf(p.type);
      attributes.set(name, {
        name,
        camel: p.name,
        required: !p.optional,
        struct: block,
        shape: this.shapeOf(p.type),
        // cdktf describes a nested block (not a nested attribute) as "x block."
        isBlock: !!block && /^\w+ block\.$/.test(p.docs?.summary || ''),
        // case-converted: trusted only if converting back gives the bindings' name again
        guessed: !links.length && camel(name) !== p.name,
        converted: !links.length,
      });
    }
    const computed = new Set();
    const out = this.types[outputsFqn || `${fqn}OutputReference`];
    const inStruct = new Set([...attributes.values()].map((a) => a.camel));
    for (const p of out?.properties || []) {
      if (p.static || !p.immutable || p.name.endsWith('Input') || inStruct.has(p.name)) continue;
      if (p.name === 'internalValue' || p.name === 'fqn') continue;
      computed.add(p.name);
    }
    const s = { fqn, attributes, computed };
    this.structs.set(fqn, s);
    return s;
  }
}

// --- the Terraform files --------------------------------------------------------------------

function tfFiles(paths) {
  const files = [];
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        if (e === '.terraform' || e === 'node_modules') continue;
        const c = path.join(p, e);
        if (statSync(c).isDirectory() || e.endsWith('.tf')) walk(c);
      }
    } else if (p.endsWith('.tf')) files.push(p);
  };
  for (const p of paths) {
    if (!existsSync(p)) fail(`${p} does not exist`);
    walk(p);
  }
  return files;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function closest(name, names) {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...names]
    .map((n) => [n, distance(name, n)])
    .filter(([n, d]) => d <= limit || n.includes(name) || name.includes(n))
    .sort((x, y) => x[1] - y[1])
    .slice(0, 3)
    .map(([n]) => n);
}

/** The ${...} parts of every string value in a parsed file. */
function interpolations(value, out = []) {
  if (typeof value === 'string') {
    for (let i = value.indexOf('${'); i >= 0; i = value.indexOf('${', i + 1)) {
      let depth = 0;
      let j = i + 1;
      for (; j < value.length; j++) {
        if (value[j] === '{') depth++;
        else if (value[j] === '}' && --depth === 0) break;
      }
      out.push(value.slice(i + 2, j));
      i = j;
    }
  } else if (Array.isArray(value)) value.forEach((v) => interpolations(v, out));
  else if (isObject(value)) Object.values(value).forEach((v) => interpolations(v, out));
  return out;
}

/** true, or why a Terraform version constraint does not allow version v. */
function allows(constraint, v) {
  const parts = (s) => s.split('.').map(Number);
  const cmp = (a, b) => {
    for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) - (b[i] || 0);
    return 0;
  };
  const have = parts(v);
  for (const c of constraint.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = c.match(/^(>=|<=|!=|~>|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})$/);
    if (!m) return `has a part this check cannot read (${c})`;
    const want = parts(m[2]);
    const d = cmp(have, want);
    const op = m[1] || '=';
    let ok = { '>=': d >= 0, '<=': d <= 0, '>': d > 0, '<': d < 0, '=': d === 0, '!=': d !== 0 }[op];
    if (op === '~>') {
      const upper = want.length === 1 ? [want[0] + 1] : [...want.slice(0, -2), want[want.length - 2] + 1];
      ok = d >= 0 && cmp(have, upper) < 0;
    }
    if (!ok) return `excludes ${v} (${c})`;
  }
  return true;
}

class Checker {
  constructor(schema) {
    this.schema = schema;
    this.problems = [];
    this.counts = { files: 0, blocks: 0, nestedBlocks: 0, attributes: 0, moduleArguments: 0, versionConstraints: 0, references: 0, caseConvertedNames: 0 };
    this.types = { resource: new Set(), data: new Set(), provider: new Set() };
    this.used = new Set(); // "resource.google_x.a.b": the names checked in blocks
    this.referenced = new Set(); // the same, of the attributes that references read
  }

  problem(file, where, message) {
    this.problems.push({ file, where, message });
  }

  /** Checks one block body (a resource, data source or nested block) against its struct. */
  body(body, struct, ctx, top) {
    const present = new Set();
    for (const [key, value] of Object.entries(body)) {
      if (top && META_ARGUMENTS.has(key)) continue;
      if (top === 'provider' && PROVIDER_META_ARGUMENTS.has(key)) continue;
      if (key === 'dynamic' && isObject(value)) {
        for (const [name, instances] of Object.entries(value)) {
          present.add(name);
          const a = this.attribute(struct, name, ctx, 'dynamic block');
          if (!a) continue;
          if (!a.struct) {
            this.problem(ctx.file, `${ctx.where}.${name}`, `dynamic "${name}": ${name} is an attribute, not a block`);
            continue;
          }
          for (const d of [].concat(instances)) {
            for (const k of Object.keys(d)) {
              if (!DYNAMIC_ARGUMENTS.has(k))
                this.problem(ctx.file, `${ctx.where}.${name}`, `dynamic "${name}" has ${k}; it takes only for_each, iterator, labels and content`);
            }
            if (!d.content) this.problem(ctx.file, `${ctx.where}.${name}`, `dynamic "${name}" has no content block`);
            for (const c of [].concat(d.content || [])) this.nested(c, a, ctx, name);
          }
        }
        continue;
      }
      present.add(key);
      const a = this.attribute(struct, key, ctx, 'attribute or block');
      if (a && !a.struct) this.shape(a, value, ctx);
      if (!a || !a.struct) continue;
      if (Array.isArray(value) && value.length && value.every(isObject)) {
        for (const v of value) this.nested(v, a, ctx, key);
      } else if (a.isBlock && !Array.isArray(value)) {
        this.problem(ctx.file, `${ctx.where}.${key}`, `${key} is a nested block: write ${key} { ... }, not ${key} = ...`);
      }
    }
    for (const a of struct.attributes.values()) {
      if (a.required && !present.has(a.name))
        this.problem(ctx.file, ctx.where, `required ${a.struct ? 'block' : 'attribute'} ${a.name} is missing`);
    }
  }

  /** A literal list, map or single value where the schema takes another shape. */
  shape(a, value, ctx) {
    const literal =
      typeof value === 'number' || typeof value === 'boolean'
        ? 'value'
        : typeof value === 'string'
          ? /\$\{|%\{/.test(value)
            ? null
            : 'value'
          : Array.isArray(value)
            ? 'list'
            : isObject(value)
              ? 'map'
              : null;
    if (!literal || !a.shape || literal === a.shape) return;
    const says = { list: 'a list', map: 'a map', value: 'a single value' };
    this.problem(ctx.file, `${ctx.where}.${a.name}`, `${a.name} takes ${says[a.shape]}, not ${says[literal]}`);
  }

  nested(body, a, ctx, name) {
    this.counts.nestedBlocks++;
    const child = { file: ctx.file, where: `${ctx.where}.${name}`, type: `${ctx.type}.${name}` };
    this.body(body, this.schema.struct(a.struct), child, false);
  }

  attribute(struct, name, ctx, what) {
    this.counts.attributes++;
    const a = struct.attributes.get(name);
    if (a) {
      this.used.add(`${ctx.type}.${name}`);
      if (a.converted) this.counts.caseConvertedNames++;
      if (a.guessed)
        this.problem(ctx.file, `${ctx.where}.${name}`, `${name}: the schema gives no Registry name for ${a.camel}, and case conversion is ambiguous`);
      return a;
    }
    if (struct.computed.has(camel(name))) {
      this.problem(ctx.file, `${ctx.where}.${name}`, `${name} is computed-only: the provider sets it, a configuration cannot`);
      return null;
    }
    const near = closest(name, struct.attributes.keys());
    this.problem(
      ctx.file,
      `${ctx.where}.${name}`,
      `unknown ${what} ${name}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
    );
    return null;
  }

  /** resource/data/provider blocks of one parsed file. */
  file(file, json) {
    this.counts.files++;
    for (const kind of ['resource', 'data']) {
      for (const [type, byName] of Object.entries(json[kind] || {})) {
        for (const [name, bodies] of Object.entries(byName)) {
          const where = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
          const known = this.schema.blocks[kind].get(type);
          this.counts.blocks++;
          if (!known) {
            const near = closest(type, this.schema.blocks[kind].keys());
            this.problem(file, where, `unknown ${kind === 'data' ? 'data source' : 'resource'} type ${type}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
            continue;
          }
          this.types[kind].add(type);
          for (const body of [].concat(bodies))
            this.body(body, this.schema.struct(known.config, known.outputs), { file, where, type: `${kind}.${type}` }, kind);
        }
      }
    }
    for (const [name, bodies] of Object.entries(json.provider || {})) {
      const known = this.schema.blocks.provider.get(name);
      if (!known) continue; // another provider: not ours to check
      this.counts.blocks++;
      this.types.provider.add(name);
      for (const body of [].concat(bodies))
        this.body(body, this.schema.struct(known.config, known.outputs), { file, where: `provider.${name}`, type: `provider.${name}` }, 'provider');
    }
  }

  /**
   * References such as google_x.name[0].attr.nested in every expression of one module (the .tf
   * files of one folder): the resource or data source is declared there, and each attribute name
   * along the path is the schema's, computed-only ones included.
   */
  references(files) {
    const declared = new Set();
    for (const { json } of files)
      for (const kind of ['resource', 'data'])
        for (const [type, byName] of Object.entries(json[kind] || {}))
          for (const name of Object.keys(byName)) declared.add(`${kind === 'data' ? 'data.' : ''}${type}.${name}`);
    const reference =
      /(?<![\w.])(data\.)?(google_[a-z0-9_]+)\.([a-zA-Z_][\w-]*)((?:\[[^\]]*\]|\.\*)?)((?:\.[a-zA-Z_][\w-]*|\[[^\]]*\]|\.\*)*)/g;
    for (const { file, json } of files) {
      for (const expression of interpolations(json)) {
        for (const m of expression.matchAll(reference)) {
          const [, data, type, name, , tail] = m;
          const kind = data ? 'data' : 'resource';
          const address = `${data ? 'data.' : ''}${type}.${name}`;
          const known = this.schema.blocks[kind].get(type);
          if (!known) continue; // an unknown type is reported where it is declared
          this.counts.references++;
          if (!declared.has(address)) {
            this.problem(file, address, `${m[0]} refers to ${address}, which this module does not declare`);
            continue;
          }
          let struct = this.schema.struct(known.config, known.outputs);
          let path = `${kind}.${type}`;
          for (const segment of tail.match(/\.[a-zA-Z_][\w-]*/g) || []) {
            const attr = segment.slice(1);
            const a = struct.attributes.get(attr);
            path += `.${attr}`;
            if (!a && !struct.computed.has(camel(attr)) && !(attr === 'id' && struct === this.schema.struct(known.config, known.outputs))) {
              const near = closest(attr, [...struct.attributes.keys(), ...[...struct.computed].map(snake)]);
              this.problem(file, address, `${m[0]}: ${path.split('.').slice(2).join('.')} is not an attribute of ${type}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
              break;
            }
            this.referenced.add(path);
            if (!a?.struct) break; // a value, a map, or a computed attribute: its keys are data
            struct = this.schema.struct(a.struct);
          }
        }
      }
    }
  }

  /** required_providers: the schema's provider version must be one the constraint allows. */
  versions(file, json) {
    for (const t of [].concat(json.terraform || [])) {
      for (const rp of [].concat(t.required_providers || [])) {
        for (const [local, req] of Object.entries(rp)) {
          if (!isObject(req) || !/^(registry\.terraform\.io\/)?hashicorp\/google$/.test(req.source || `hashicorp/${local}`)) continue;
          if (typeof req.version !== 'string') continue;
          this.counts.versionConstraints++;
          const v = this.schema.providerVersion;
          const why = allows(req.version, v);
          if (why !== true)
            this.problem(file, `terraform.required_providers.${local}`, `version "${req.version}" ${why}; this check holds the files to google ${v}: pin the bindings of a version the module allows`);
        }
      }
    }
  }

  /** module calls with a local source: arguments against the called module's variables. */
  modules(file, json, parsedDir) {
    for (const [name, bodies] of Object.entries(json.module || {})) {
      for (const body of [].concat(bodies)) {
        const source = body.source;
        if (typeof source !== 'string' || !/^\.\.?\//.test(source)) continue;
        const dir = path.resolve(path.dirname(file), source);
        const variables = parsedDir(dir);
        if (!variables) {
          this.problem(file, `module.${name}`, `source ${source} has no .tf files`);
          continue;
        }
        for (const key of Object.keys(body)) {
          if (MODULE_META_ARGUMENTS.has(key)) continue;
          this.counts.moduleArguments++;
          if (!variables.has(key)) {
            const near = closest(key, variables.keys());
            this.problem(file, `module.${name}.${key}`, `module ${source} has no variable ${key}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
          }
        }
        for (const [v, required] of variables) {
          if (required && !(v in body)) this.problem(file, `module.${name}`, `required variable ${v} of ${source} is not given`);
        }
      }
    }
  }
}

// --- main -----------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const paths = args.filter((a) => a !== '--json');
  if (!paths.length) paths.push('terraform');
  const files = tfFiles(paths);
  if (!files.length) fail(`no .tf files under ${paths.join(', ')}`);

  const { assembly, hcl2json } = loadPackages();
  const schema = new Schema(assembly);
  const checker = new Checker(schema);

  const parsed = new Map();
  const parse = async (f) => {
    if (!parsed.has(f)) {
      try {
        parsed.set(f, await hcl2json.parse(f, readFileSync(f, 'utf8')));
      } catch (e) {
        parsed.set(f, null);
        checker.problem(f, '', `does not parse: ${String(e.message || e).trim()}`);
      }
    }
    return parsed.get(f);
  };
  for (const f of files) await parse(f);
  // A folder's variables (name → required) for module calls; parsed before the loop below.
  const moduleDirs = new Map();
  for (const f of files) {
    const j = parsed.get(f);
    for (const body of Object.values(j?.module || {}).flat()) {
      if (typeof body.source !== 'string' || !/^\.\.?\//.test(body.source)) continue;
      const dir = path.resolve(path.dirname(f), body.source);
      if (moduleDirs.has(dir)) continue;
      const tf = existsSync(dir) ? readdirSync(dir).filter((e) => e.endsWith('.tf')).sort() : [];
      if (!tf.length) {
        moduleDirs.set(dir, null);
        continue;
      }
      const vars = new Map();
      for (const e of tf) {
        const v = await parse(path.join(dir, e));
        for (const [n, bodies] of Object.entries(v?.variable || {}))
          vars.set(n, ![].concat(bodies).some((b) => 'default' in b));
      }
      moduleDirs.set(dir, vars);
    }
  }
  for (const f of files) {
    const j = parsed.get(f);
    if (!j) continue;
    const rel = path.relative(process.cwd(), f).startsWith('..') ? path.resolve(f) : path.relative(process.cwd(), f);
    checker.file(rel, j);
    checker.modules(rel, j, (dir) => moduleDirs.get(dir));
    checker.versions(rel, j);
  }
  const byDir = new Map();
  for (const f of files) {
    if (!parsed.get(f)) continue;
    const dir = path.dirname(path.resolve(f));
    if (!byDir.has(dir)) byDir.set(dir, []);
    const rel = path.relative(process.cwd(), f).startsWith('..') ? path.resolve(f) : path.relative(process.cwd(), f);
    byDir.get(dir).push({ file: rel, json: parsed.get(f) });
  }
  for (const group of byDir.values()) checker.references(group);

  const pkg = JSON.parse(
    readFileSync(path.join(createRequire(path.join(TOOLS, 'package.json')).resolve('@cdktf/provider-google/package.json')), 'utf8'),
  );
  const summary = {
    schema: `@cdktf/provider-google ${pkg.version} (hashicorp/google ${schema.providerVersion})`,
    ...checker.counts,
    resourceTypes: checker.types.resource.size,
    dataSourceTypes: checker.types.data.size,
    problems: checker.problems.length,
  };
  if (json) {
    process.stdout.write(
      JSON.stringify(
        {
          summary,
          types: Object.fromEntries(Object.entries(checker.types).map(([k, v]) => [k, [...v].sort()])),
          checked: [...checker.used].sort(),
          referenced: [...checker.referenced].sort(),
          problems: checker.problems,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const p of checker.problems) process.stdout.write(`${p.file}: ${p.where}: ${p.message}\n`);
    process.stdout.write(
      `checked ${summary.files} files against ${summary.schema}: ${summary.blocks} blocks of ` +
        `${summary.resourceTypes} resource and ${summary.dataSourceTypes} data source types, ` +
        `${summary.attributes} attribute and block names in them (${summary.nestedBlocks} nested blocks), ` +
        `${summary.references} references to resource attributes, ` +
        `${summary.moduleArguments} module arguments, ${summary.versionConstraints} provider version constraints; ` +
        `${summary.problems} problems\n`,
    );
  }
  process.exit(checker.problems.length ? 1 : 0);
}

main().catch((e) => fail(e.stack || String(e)));
