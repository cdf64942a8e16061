import type { AuthContext } from "@/lib/auth/assert";
import { getPatientChart } from "@/lib/patients/queries";

// A process that reads one chart and prints it, as a web instance would answer a request: the crash test kills it
// while the read's audit row waits for its commit. Arguments: the caller's AuthContext as JSON, the patient id.

const [contextJson = "", patientId = ""] = process.argv.slice(2);
const ctx = JSON.parse(contextJson) as AuthContext;
process.stderr.write("reading\n");
const chart = await getPatientChart(ctx, patientId);
process.stdout.write(`${JSON.stringify(chart)}\n`);
process.exit(0);
