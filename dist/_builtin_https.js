const $builtin = process.getBuiltinModule('node:https');
const $read = name => $builtin[name];
const $e0 = /*#__PURE__*/ $read('Agent');
const $e1 = /*#__PURE__*/ $read('globalAgent');
const $e2 = /*#__PURE__*/ $read('Server');
const $e3 = /*#__PURE__*/ $read('createServer');
const $e4 = /*#__PURE__*/ $read('get');
const $e5 = /*#__PURE__*/ $read('request');

const https = /*#__PURE__*/Object.freeze(/*#__PURE__*/Object.defineProperty({
	__proto__: null,
	Agent: $e0,
	Server: $e2,
	createServer: $e3,
	default: $builtin,
	get: $e4,
	globalAgent: $e1,
	request: $e5
}, Symbol.toStringTag, { value: 'Module' }));

export { $builtin as $, $e0 as a, https as h };
