/** An ORU^R01 for one of `patients` patients, with `results` OBX, keyed by its own order: a message for ingest tests. */
export function resultMessage(controlId: string, index: number, options: { patients?: number; results?: number; sender?: string } = {}): Buffer {
  const patient = index % (options.patients ?? 50);
  const segments = [
    `MSH|^~\\&|${options.sender ?? "LOADLAB"}|LOADHOSP|MERIDIAN|HUB|20261201083000||ORU^R01^ORU_R01|${controlId}|P|2.5.1`,
    `PID|1||L-${patient}^^^LOADHOSP^MR||Load^Patient${patient}||19800101|F`,
    `OBR|1|PL-${controlId}|FL-${controlId}|80048^BMP^LN|||20261201070000`,
  ];
  for (let k = 1; k <= (options.results ?? 5); k++) segments.push(`OBX|${k}|NM|${2340 + k}-7^Test ${k}^LN||${k}.${index % 10}|mmol/L|1-9|N|||F`);
  return Buffer.from(`${segments.join("\r")}\r`);
}
