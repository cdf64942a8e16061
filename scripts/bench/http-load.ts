import autocannon from "autocannon";
import { summarize, type Measurement, type TurnResult } from "@/scripts/bench/harness";

// One scenario driven over HTTP by autocannon. Latencies are taken from each response (autocannon's own summary
// has no p95), so HTTP rows share the percentile code of the in-process rows.

export interface HttpRequestPlan {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** The path (and body) of request number `index`. */
  next: (index: number) => { path: string; body?: Buffer | string };
}

export interface HttpLoad {
  connections: number;
  seconds: number;
  /** Open loop: this many requests per second in all (autocannon's overallRate). */
  rate?: number;
}

/** Drives `plan` for `load.seconds`; any non-2xx answer, connection error or timeout counts as an error. */
export function httpTurn(baseUrl: string, plan: HttpRequestPlan, load: HttpLoad): Promise<TurnResult> {
  const latencies: number[] = [];
  let failures = 0;
  let index = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: load.connections,
        duration: load.seconds,
        ...(load.rate ? { overallRate: load.rate } : {}),
        requests: [
          {
            method: plan.method ?? "GET",
            headers: plan.headers ?? {},
            setupRequest: (request) => {
              const { path, body } = plan.next(index++);
              return { ...request, path, ...(body === undefined ? {} : { body }) };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ latencies, errors: failures + result.errors + result.timeouts, seconds: result.duration });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else failures += 1;
    });
  });
}

export async function driveHttp(name: string, baseUrl: string, plan: HttpRequestPlan, load: HttpLoad): Promise<Measurement> {
  const { latencies, errors, seconds } = await httpTurn(baseUrl, plan, load);
  return summarize(name, latencies, errors, seconds);
}
