/**
 * OpenTelemetry tracing of HTTP (incoming requests and outgoing calls), GraphQL (parse, validate,
 * execute, resolvers beyond trivial ones) and pg (every statement), exported over OTLP/HTTP —
 * only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (e.g. `http://otel-collector:4318`; spans go to
 * `<endpoint>/v1/traces`). Off by default, and then nothing of OpenTelemetry is even loaded.
 *
 * `src/main.ts` imports this module first, before anything loads `http`, `pg` or `graphql`, so
 * the instrumentations can wrap them. The standard `OTEL_*` variables apply (e.g.
 * `OTEL_SERVICE_NAME`, default `dualhub`; `OTEL_BSP_SCHEDULE_DELAY`; `OTEL_EXPORTER_OTLP_HEADERS`).
 */

/** A started tracer: {@link shutdown} flushes what is buffered. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/** Starts tracing to the OTLP/HTTP endpoint in the environment; loads the SDK only now. */
export function startTracing(): Tracing {
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy: loaded only when tracing is on */
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  process.env.OTEL_SERVICE_NAME ??= 'dualhub';
  // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _TRACES_ENDPOINT, _HEADERS) itself.
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation(),
      // One span per field would swamp a page of 100 placements: trivial resolvers are left out.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation(),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}

/** The process's tracing, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (evaluated on import). */
export const tracing: Tracing | undefined = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? startTracing() : undefined;
