// The Chromium switches WebGPU needs, per platform. Chromium ships WebGPU on Windows and macOS; on Linux it is
// still behind --enable-unsafe-webgpu, and Electron leaves Vulkan (Dawn's Linux backend) off by default.
export interface CommandLineSwitch {
  name: string;
  value?: string;
}

/**
 * PALM_WEBGPU_ADAPTER=swiftshader picks Chromium's software adapter (machines without a GPU, CI).
 * enable-features is one switch: appending it twice would keep only the last value.
 */
export function listWebGpuSwitches(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): CommandLineSwitch[] {
  const switches: CommandLineSwitch[] = [];
  if (platform === 'linux') {
    switches.push({ name: 'enable-unsafe-webgpu' }, { name: 'enable-features', value: 'Vulkan' });
  }
  const adapter = env.PALM_WEBGPU_ADAPTER;
  if (adapter !== undefined && /^[a-z]+$/.test(adapter)) switches.push({ name: 'use-webgpu-adapter', value: adapter });
  return switches;
}
