// The JSONPath dialect as one chunk of the bundle, with jsonpath-plus: loaded by index.ts for a
// run with an input that holds a JSONPath, and by no other.

export { compileJsonPath, JsonPathSyntaxError } from './syntax.js'
export { searchDocument, showFound, showValue } from './search.js'
export { fillTemplate, parseTemplate } from './template.js'
