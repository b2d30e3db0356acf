// node --import ./register.mjs out/main/index.mjs: `electron` resolves to
// fake-electron.mjs (see that file).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
