/**
 * Route schemas compiled on first use. Fastify compiles every route's validators (Ajv) and
 * response serialisers (fast-json-stringify) before it listens: a few hundred schemas, a second or
 * more of a start. Here each is compiled the first time its route needs it, with Fastify's own
 * compilers and options, and `compileRemainingSchemas` compiles the rest when the server has time
 * (after it listens), so a bad schema still fails at start-up and in the tests.
 */
import ajvCompiler from '@fastify/ajv-compiler';
import serializerCompiler from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Serialize = (data: unknown) => string;
type Build<F> = (externalSchemas: unknown, options: unknown) => (route: Record<string, unknown>) => F;

/** The compilers for Fastify's `schemaController.compilersFactory`, and the schemas not yet compiled. */
export interface LazySchemas {
  compilersFactory: { buildValidator: Build<Validate>; buildSerializer: Build<Serialize> };
  /** Compile every schema not yet compiled, a few at a time between turns of the event loop; how many. */
  compileRemaining(): Promise<number>;
  /** How many schemas are not yet compiled. */
  readonly pending: number;
}

/** Lazy compilers on Fastify's defaults. */
export function createLazySchemas(): LazySchemas {
  const pending = new Set<() => unknown>();

  function lazy<F>(compile: () => F): { get: () => F; compiled: () => boolean } {
    let compiled: F | null = null;
    const get = () => {
      if (compiled === null) {
        compiled = compile();
        pending.delete(get);
      }
      return compiled;
    };
    pending.add(get);
    return { get, compiled: () => compiled !== null };
  }

  const defaultValidator = ajvCompiler() as unknown as Build<Validate>;
  const defaultSerializer = serializerCompiler() as unknown as Build<Serialize>;

  // Each set of shared schemas gets its compiler (an Ajv instance) on first use too.
  const buildValidator: Build<Validate> = (externalSchemas, options) => {
    let compileFor: ((route: Record<string, unknown>) => Validate) | null = null;
    return (route) => {
      const real = lazy(() => (compileFor ??= defaultValidator(externalSchemas, options))(route));
      const validate = ((data: unknown, context?: unknown) => {
        const v = real.get();
        // Ajv's functions take the parent of the value (to change a root value); others do not.
        return v.schemaEnv ? v(data, context) : v(data);
      }) as Validate;
      // Fastify passes the parent when a validator has `schemaEnv`, and reads `errors` after a failure.
      validate.schemaEnv = true;
      Object.defineProperty(validate, 'errors', { get: () => (real.compiled() ? real.get().errors : null) });
      return validate;
    };
  };

  const buildSerializer: Build<Serialize> = (externalSchemas, options) => {
    let compileFor: ((route: Record<string, unknown>) => Serialize) | null = null;
    return (route) => {
      const real = lazy(() => (compileFor ??= defaultSerializer(externalSchemas, options))(route));
      return (data: unknown) => real.get()(data);
    };
  };

  return {
    compilersFactory: { buildValidator, buildSerializer },
    async compileRemaining() {
      let n = 0;
      const { setImmediate: nextTurn } = await import('node:timers/promises');
      while (pending.size > 0) {
        const started = performance.now();
        // About 10 ms at a time, so that requests are answered in between.
        while (pending.size > 0 && performance.now() - started < 10) {
          const next = pending.values().next().value!;
          pending.delete(next);
          next();
          n++;
        }
        await nextTurn();
      }
      return n;
    },
    get pending() {
      return pending.size;
    },
  };
}
