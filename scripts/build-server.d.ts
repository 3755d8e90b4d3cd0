// Types of scripts/build-server.js, for the tests that import it.
export interface BuildOptions {
  /** The project's root: its src/, package.json and package-lock.json. */
  root?: string;
  /** Where the bundle is written; its map goes beside it. */
  bundle?: string;
  /** The module to bundle (the web server's by default). */
  entry?: string;
}
export const BUNDLE: string;
export function bundleIsFresh(options?: Omit<BuildOptions, 'entry'>): boolean;
export function buildServer(options?: BuildOptions): Promise<void>;
export function ensureServerBuilt(options?: BuildOptions): Promise<boolean>;
export function loadServerBundle(options?: Pick<BuildOptions, 'bundle'>): {
  exports: Record<string, unknown>;
  /** Whether the code cache of this bundle was used. */
  usedCache: boolean;
  /** Write the code cache from what is compiled so far, unless it was used; says whether it wrote. */
  saveCodeCache(): boolean;
};
