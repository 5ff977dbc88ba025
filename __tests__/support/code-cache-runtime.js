// Jest's runtime, with V8's code cache kept per worker process. Every test file gets a fresh module
// registry, so a worker compiled cdktf, the provider classes, zod and our sources again for each
// file; with the code cache of a module's first run, the next files skip parsing and compiling it.
// Behaviour is jest's own: the same source, filename, parameters and context. A cache V8 rejects,
// or a changed source, just compiles. If jest's internals change shape, jest's compile runs as is.
const { Script } = require('node:vm');
const Runtime = require('jest-runtime').default;

/** filename -> the source compiled and V8's code cache of it. */
const codeCache = new Map();

class CodeCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    /** Scripts compiled without a cache in this file: their cache is made at teardown, when it holds the functions the file ran. */
    this.uncached = [];
    const executor = this.executor;
    if (typeof executor?.compile !== 'function' || !Array.isArray(executor.injectedModuleParameters)) return;
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (scriptSource, filename) => {
      const vmContext = executor.environment.getVmContext();
      if (vmContext == null || executor.resolution.isCoreModule(filename)) return jestCompile(scriptSource, filename);
      const cached = codeCache.get(filename);
      const cachedData = cached !== undefined && cached.source === scriptSource ? cached.data : undefined;
      let script;
      try {
        script = new Script(`({"Object.<anonymous>":function(${executor.injectedModuleParameters.join(',')}){${scriptSource}\n}});`, {
          filename,
          cachedData,
          importModuleDynamically: (specifier, _script, importAttributes, ...rest) => executor.dynamicImport(specifier, filename, vmContext, importAttributes, rest[0]),
        });
      } catch {
        return jestCompile(scriptSource, filename); // jest's own error for a syntax error
      }
      if (cachedData === undefined || script.cachedDataRejected) this.uncached.push({ filename, source: scriptSource, script });
      return script.runInContext(vmContext)['Object.<anonymous>'];
    };
  }

  teardown() {
    for (const { filename, source, script } of this.uncached) codeCache.set(filename, { source, data: script.createCachedData() });
    this.uncached = [];
    return super.teardown();
  }
}

module.exports = CodeCacheRuntime;
