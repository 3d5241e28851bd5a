/**
 * Dawn (the `webgpu` package) prints its own diagnostics straight to file descriptor 2 while it
 * looks for adapters, e.g. on a machine with lavapipe:
 *
 *   Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.
 *    - While initializing adapter (backend=BackendType::Vulkan)
 *       at InitializeImpl (/.../dawn/native/vulkan/PhysicalDeviceVk.cpp:257)
 *   (a blank line)
 *
 * They say that a Vulkan device was skipped, not that anything went wrong with the run, and no
 * setting of Dawn's turns them off. This filter removes such blocks (a severity line followed
 * by Dawn's " - While ..." / "at File.cpp:N" context) and the Vulkan loader's
 * "[Loader Message]" lines from a stream, passing everything else through unchanged and at
 * once: a partial line (a progress line redrawn with \r) is held only while it could still
 * become the start of a Dawn block.
 */

const SEVERITY = /^(Warning|Info|Debug|Error): /;
const CONTEXT = /^ - While |^\s+at \S.*:\d+\)$/;
const LOADER = /^(ERROR|WARNING|INFO|DEBUG): \[Loader Message\]/;
const PREFIXES = [
  'Warning: ',
  'Info: ',
  'Debug: ',
  'Error: ',
  'ERROR: [',
  'WARNING: [',
  'INFO: [',
  'DEBUG: [',
];

export class DawnNoiseFilter {
  private partial = '';
  /** A severity line waiting for its next line, to tell a Dawn block from anything else. */
  private held: string | undefined;
  private inBlock = false;
  /** Count of lines removed, for a caller that wants to say so. */
  removed = 0;

  /** Feed a chunk of the stream; returns what passes through now. */
  push(chunk: string): string {
    let out = '';
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) out += this.line(line);
    if (this.held === undefined && !this.inBlock && !this.mayStartNoise(this.partial)) {
      out += this.partial;
      this.partial = '';
    }
    return out;
  }

  /** The end of the stream: whatever is still held passes through. */
  end(): string {
    let out = '';
    if (this.partial !== '') out += this.line(this.partial, false);
    this.partial = '';
    if (this.held !== undefined) out += `${this.held}\n`;
    this.held = undefined;
    return out;
  }

  private line(line: string, newline = true): string {
    const nl = newline ? '\n' : '';
    if (this.held !== undefined) {
      const held = this.held;
      this.held = undefined;
      if (CONTEXT.test(line)) {
        this.inBlock = true;
        this.removed += 2;
        return '';
      }
      return `${held}\n${this.line(line, newline)}`;
    }
    if (this.inBlock) {
      if (CONTEXT.test(line)) {
        this.removed++;
        return '';
      }
      this.inBlock = false;
      if (line === '') {
        this.removed++;
        return '';
      }
    }
    if (LOADER.test(line)) {
      this.removed++;
      return '';
    }
    if (SEVERITY.test(line)) {
      this.held = line;
      return '';
    }
    return line + nl;
  }

  private mayStartNoise(partial: string): boolean {
    if (partial === '') return false;
    return PREFIXES.some((p) => p.startsWith(partial) || partial.startsWith(p));
  }
}

/** Whether a command line asks for the WebGPU backend (where Dawn loads and may print). */
export function wantsWebGpu(argv: string[]): boolean {
  return argv.some((a, i) => a === '--backend=webgpu' || (a === '--backend' && argv[i + 1] === 'webgpu'));
}
