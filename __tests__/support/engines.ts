// vitest's setupFiles: the parts a run loads only when its inputs ask for them (the YAML reader,
// the JSONPath engine) are loaded before any test file, as readInputs loads them for a run.

import { loadJsonPath } from '../../src/jsonpath/index.js'
import { loadMappingReader } from '../../src/mapping.js'

await Promise.all([loadMappingReader(), loadJsonPath()])
