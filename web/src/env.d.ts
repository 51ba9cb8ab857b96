/// <reference types="vite/client" />

// Lets plain `tsc` (the root project) type-check `.ts` files that import components;
// vue-tsc reads the real `.vue` files instead of this shim.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
