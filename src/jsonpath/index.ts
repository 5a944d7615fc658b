// JSONPath as the rest of src/ uses it. The dialect (syntax.ts compiles a path, search.ts
// searches an answer within bounds, jayway.ts and functions.ts, template.ts) and jsonpath-plus
// load together, only for a run with an input that holds a JSONPath: readInputs calls
// loadJsonPath first, and every JsonPath and template comes from such an input, so nothing
// reaches these functions before. A plain webhook call never compiles or searches a path, and
// does not pay for the code that would (docs/startup.md).

import type * as Dialect from './dialect.js'
import type { JsonPath } from './syntax.js'
import type { SearchResult } from './search.js'
import type { UrlTemplate } from './template.js'

export type { JsonPath, SearchResult, UrlTemplate }

let dialect: typeof Dialect | undefined

export async function loadJsonPath(): Promise<void> {
  dialect ??= await import('./dialect.js')
}

function loaded(): typeof Dialect {
  if (!dialect) throw new Error('the JSONPath dialect is not loaded (loadJsonPath)')
  return dialect
}

export const compileJsonPath = (source: string): JsonPath => loaded().compileJsonPath(source)

/** Whether an error is a path (or a placeholder's path) that does not parse. */
export const isJsonPathSyntaxError = (error: unknown): error is Error =>
  dialect !== undefined && error instanceof dialect.JsonPathSyntaxError

export const searchDocument = (path: JsonPath, document: unknown): SearchResult =>
  loaded().searchDocument(path, document)

export const showFound = (found: unknown[]): unknown => loaded().showFound(found)

export const showValue = (value: unknown): string => loaded().showValue(value)

export const parseTemplate = (written: string): UrlTemplate => loaded().parseTemplate(written)

export const fillTemplate: typeof Dialect.fillTemplate = (...args) => loaded().fillTemplate(...args)
