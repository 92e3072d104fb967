/** Words a node name cannot be in Python, or in model.py's forward, or as an nn.Module attribute. */
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
const TAKEN = new Set([
  'self', 'torch', 'nn', 'F', 'math', 'json', 'os', 'step', 'print', 'len', 'range', 'super',
  // nn.Module's own attributes: `self.train = nn.Linear(…)` would replace a method.
  'forward', 'train', 'eval', 'training', 'parameters', 'named_parameters', 'buffers', 'children', 'modules', 'apply', 'cuda',
  'cpu', 'to', 'type', 'float', 'double', 'half', 'state_dict', 'load_state_dict', 'zero_grad', 'add_module', 'register_buffer',
  'register_parameter', 'requires_grad_', 'extra_repr', 'get_submodule', 'get_parameter', 'share_memory', 'dump_patches',
]);

/** A Python identifier for each node name, unique, as close to the name as Python allows. */
export function pythonNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = PYTHON_KEYWORDS.has(name) || TAKEN.has(name) ? `${name}_layer` : name;
    while (used.has(candidate)) candidate += '_';
    used.add(candidate);
    return candidate;
  });
}

/** `mlp spirals` → `MlpSpirals`: a class name from the project's name. */
export function className(name: string, fallback: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z_]/.test(joined) && !PYTHON_KEYWORDS.has(joined) ? joined : fallback;
}
