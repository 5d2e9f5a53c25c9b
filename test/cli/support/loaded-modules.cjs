// Preloaded (`node --require`) into a plinth process by the tests: on exit, writes the path of every
// module the process loaded to the file PLINTH_TEST_LOADED_MODULES names.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.PLINTH_TEST_LOADED_MODULES, JSON.stringify(Object.keys(require.cache)));
});
