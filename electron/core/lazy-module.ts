// The hosts may not import apis/sdk (DESIGN.md's import direction); they take the one lazy loader through the core.
export { lazyModule } from '../../apis/sdk/lazy-module';
