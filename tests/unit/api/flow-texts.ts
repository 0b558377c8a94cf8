/** Small flows for the API tests: two good versions of `demo` and a broken one. */
export const demoV1 = "name: demo\nentryNumbers: ['4008009999']\nstart: bye\nnodes:\n  bye:\n    type: hangup\n";
export const demoV2 = "# second version: a greeting first\nname: demo\nentryNumbers: ['4008009999']\nstart: hello\nnodes:\n  hello:\n    type: prompt\n    prompt: {file: hello.wav}\n    next: bye\n  bye:\n    type: hangup\n";
/** Points at a node that does not exist and a prompt file that is not there. */
export const demoBroken = "name: demo\nentryNumbers: ['4008009999']\nstart: hello\nnodes:\n  hello:\n    type: prompt\n    prompt: {file: missing.wav}\n    next: nowhere\n";
