// jsonpath-plus, loaded only by a run that has a JSONPath to evaluate: it and the code around it
// are a third of the start file, and a plain webhook call never evaluates a path.
// readInputs loads it when an input that holds a JSONPath is given; every JsonPath comes from
// such an input, so nothing can search without it.

type Engine = typeof import('jsonpath-plus')

let engine: Engine | undefined

/** Loads jsonpath-plus; compiling a path with a filter and every search need it. */
export async function loadJsonPathEngine(): Promise<void> {
  engine ??= await import('jsonpath-plus')
}

export function jsonPathEngine(): Engine {
  if (!engine) throw new Error('the JSONPath engine is not loaded (loadJsonPathEngine)')
  return engine
}
