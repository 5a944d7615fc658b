// JSONPath as the stage uses it: compiling a path (syntax.ts), searching an answer within bounds
// (search.ts), and the engine that evaluates it (engine.ts).

export { compileJsonPath, JsonPathSyntaxError, type JsonPath } from './syntax.js'
export { findAll, searchDocument, showFound, showValue, JsonPathLimitError, type SearchResult } from './search.js'
export { loadJsonPathEngine } from './engine.js'
