/**
 * Which of a module's declared bindings one entry point uses. A pipeline with layout 'auto'
 * has exactly those in its bind group layout, and a bind group must name all of them and no
 * others: the dispatcher checks the buffers it is given against this set by name.
 *
 * WGSL has no reflection API and webgpu-utils' parser trips over some of our function
 * bodies, so this follows calls textually: the entry point's body, the functions it calls,
 * theirs, and so on; a binding is used when its name appears as an identifier (not a member
 * `.name`, not shadowed by a parameter or a local of that function). GpuSession.kernel
 * confirms the result on the device (a bind group of exactly these names must validate).
 */

interface FunctionText {
  params: string;
  body: string;
}

const IDENTIFIER = /(?<![.\w])[A-Za-z_]\w*/g;

function functions(code: string): Map<string, FunctionText> {
  const out = new Map<string, FunctionText>();
  const header = /\bfn\s+(\w+)\s*\(/g;
  for (let m = header.exec(code); m; m = header.exec(code)) {
    const open = code.indexOf('{', m.index);
    if (open < 0) break;
    let depth = 0;
    let end = open;
    for (; end < code.length; end++) {
      if (code[end] === '{') depth++;
      else if (code[end] === '}' && --depth === 0) break;
    }
    out.set(m[1], { params: code.slice(m.index + m[0].length, open), body: code.slice(open, end + 1) });
    header.lastIndex = end;
  }
  return out;
}

/** Names a function declares itself (parameters, let/var/const), which hide module-scope ones. */
function localNames(fn: FunctionText): Set<string> {
  const names = new Set<string>();
  for (const m of fn.params.matchAll(/(\w+)\s*:/g)) names.add(m[1]);
  for (const m of fn.body.matchAll(/\b(?:let|var|const)\s+(\w+)/g)) names.add(m[1]);
  return names;
}

/** The names among `declared` that `entryPoint` of `code` uses, directly or through calls. */
export function usedBindings(code: string, entryPoint: string, declared: Iterable<string>): Set<string> {
  const text = code.replace(/\/\/[^\n]*/g, '');
  const fns = functions(text);
  if (!fns.has(entryPoint)) throw new Error(`no entry point '${entryPoint}' in the shader`);
  const wanted = new Set(declared);
  const used = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const fn = fns.get(name);
    if (!fn || seen.has(name)) return;
    seen.add(name);
    const locals = localNames(fn);
    for (const [id] of fn.body.matchAll(IDENTIFIER)) {
      if (locals.has(id)) continue;
      if (wanted.has(id)) used.add(id);
      else if (fns.has(id)) visit(id);
    }
  };
  visit(entryPoint);
  return used;
}
