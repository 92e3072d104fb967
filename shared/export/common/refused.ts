/** The nodes an exporter cannot write, each with the reason a person can act on. */
export class ExportRefusedError extends Error {
  constructor(readonly problems: { nodeId: string; message: string }[]) {
    super(problems.map((p) => `${p.nodeId}: ${p.message}`).join('\n'));
    this.name = 'ExportRefusedError';
  }
}
