import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response, type Router } from 'express';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { tryGlobalId } from '../graphql/relay';
import { type IndicatorDefinition, type IndicatorFilter, indicatorByCode, type IndicatorService } from '../indicators';
import type { Logger } from '../logger';
import type { RequestContext } from '../shared/request-context';
import { EXPORT_LISTS } from './export.lists';
import { crlfLines, csvCopyStatement, csvHeader, xlsxCopyStatement } from './export.writers';
import { columnLetters, lineLimit, xlsxSheet } from './xlsx.writer';

/** Data rows an XLSX sheet takes: Excel's 1 048 576 rows, less the header. A longer export ends in error (the download is cut). */
export const XLSX_MAX_ROWS = 1_048_575;

const ID_FILTERS: Record<string, string> = { heiId: 'Organization', employerId: 'Organization', programId: 'Program' };
const YEAR_FILTERS = ['fromYear', 'toYear'];

/** A 4xx answered as the API answers errors. */
class ExportRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The definition an export path names (`indicators/<CODE>` or `lists/<CODE>`). */
function definitionOf(source: string, code: string): IndicatorDefinition {
  const found = source === 'indicators' ? indicatorByCode(code) : source === 'lists' ? EXPORT_LISTS.find((l) => l.code === code) : undefined;
  if (!found) throw new ExportRefusal(404, 'NOT_FOUND', `No export ${source}/${code}`);
  return found;
}

/** Query parameters → filter and columns; any other parameter is refused (400) before any row is read. */
function parseQuery(query: Request['query']): { filter: IndicatorFilter; columns?: string[] } {
  const filter: Record<string, unknown> = {};
  let columns: string[] | undefined;
  for (const [name, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') throw new ExportRefusal(400, 'BAD_USER_INPUT', `${name}: give it once, as text`);
    if (name === 'columns')
      columns = raw
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    else if (name in ID_FILTERS) {
      const id = tryGlobalId(raw, ID_FILTERS[name]!);
      if (!id) throw new ExportRefusal(400, 'BAD_USER_INPUT', `${name}: not a valid ${ID_FILTERS[name]} id`);
      filter[name] = id;
    } else if (YEAR_FILTERS.includes(name)) {
      if (!/^\d{4}$/.test(raw)) throw new ExportRefusal(400, 'BAD_USER_INPUT', `${name}: a year`);
      filter[name] = Number(raw);
    } else if (name === 'region') filter.region = raw;
    else
      throw new ExportRefusal(400, 'BAD_USER_INPUT', `Unknown filter ${name}; filters are region, heiId, employerId, programId, fromYear, toYear, and columns`);
  }
  return { filter: filter as IndicatorFilter, columns };
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * `GET /exports/indicators/<CODE>.csv|.xlsx` and `GET /exports/lists/<PLACEMENTS|EMPLOYMENT_CHECKS|READINESS_RECORDS>.csv|.xlsx`,
 * with the caller's key or session (mounted as an authenticated route). Filters and `columns` are
 * query parameters, checked before anything runs (400 naming the parameter). Scoped by the same
 * rule as the indicator or list query, in a read-only transaction.
 *
 * CSV: PostgreSQL writes the rows (`COPY (…) TO STDOUT`, formatted as {@link csvCopyStatement}
 * says) and Node passes its Buffers to the response with backpressure (pg-copy-streams): no row
 * object or string is built in Node, so the server's memory stays flat however long the export.
 * The header goes out first, before the statement runs.
 *
 * XLSX: the same, PostgreSQL writing each row as a line of sheet XML ({@link xlsxCopyStatement});
 * Node zips the lines with backpressure ({@link xlsxSheet}) after the header row. More rows than a
 * sheet holds ({@link XLSX_MAX_ROWS}) end the export in error (use the CSV).
 *
 * A client that disconnects ends the database connection (destroyed, so the backend's next write
 * fails; `client_connection_check_interval` catches a backend still computing): no query is left running.
 */
export function exportRoutes(indicators: IndicatorService, log: Logger): Router {
  const router = express.Router();
  router.get('/:source/:file', async (req, res) => {
    const ctx = res.locals.ctx as RequestContext;
    let client: PoolClient | undefined;
    let aborted = false;
    const gone = new AbortController();
    const knex = ctx.em.getKnex();
    try {
      const match = /^([A-Z0-9_]+)\.(csv|xlsx)$/.exec(String(req.params.file));
      if (!match) throw new ExportRefusal(404, 'NOT_FOUND', 'An export is <CODE>.csv or <CODE>.xlsx');
      const [, code, format] = match as unknown as [string, string, 'csv' | 'xlsx'];
      const definition = definitionOf(String(req.params.source), code);
      const { filter, columns } = parseQuery(req.query);
      const prepared = indicators.prepareDefinition(ctx, definition, filter, columns, 'query');
      const native = prepared.query.toSQL().toNative();
      const bindings = native.bindings as unknown[];
      const tag = `/* dualhub export ${ctx.requestId} */`;
      client = (await knex.client.acquireConnection()) as PoolClient;
      res.on('close', () => {
        if (res.writableFinished) return;
        aborted = true;
        gone.abort();
      });
      const name = `${code.toLowerCase()}-${ctx.clock.now().toISOString().slice(0, 10)}.${format}`;
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      res.setHeader('cache-control', 'no-store');
      // PostgreSQL writes the rows (COPY … TO STDOUT); Node passes its Buffers on with backpressure.
      await client.query(`${tag} begin read only`);
      // A backend whose client is gone notices within a second even while it computes (no row written yet).
      await client.query(`${tag} set local client_connection_check_interval = 1000`);
      const { fields } = await client.query(`${tag} select * from (${native.sql}) d limit 0`, bindings);
      if (format === 'csv') {
        const copy = csvCopyStatement(native.sql, bindings, fields);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.write(csvHeader(prepared.columns));
        await pipeline(client.query(copyTo(`${tag} ${copy}`)), crlfLines(), res);
      } else {
        // Each COPY line is a <row> of sheet XML; the header is the sheet's first row, written here.
        const copy = xlsxCopyStatement(
          native.sql,
          bindings,
          fields,
          fields.map((_, i) => columnLetters(i)),
        );
        res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const sheet = xlsxSheet(res, code.slice(0, 31), prepared.columns);
        const tooLong = `export: more than ${XLSX_MAX_ROWS} rows do not fit an XLSX sheet`;
        try {
          // A client gone stops the pipeline (`gone`): the zip no longer drains, so nothing else would.
          await pipeline(client.query(copyTo(`${tag} ${copy}`)), lineLimit(XLSX_MAX_ROWS, tooLong), sheet.stream, { end: false, signal: gone.signal });
        } catch (error) {
          sheet.abort();
          throw error;
        }
        await sheet.end();
      }
      await client.query(`${tag} commit`);
    } catch (error) {
      if (error instanceof ExportRefusal) return fail(res, error.status, error.code, error.message);
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      if (code === 'BAD_USER_INPUT' || code === 'FORBIDDEN') return fail(res, code === 'FORBIDDEN' ? 403 : 400, code, (error as Error).message);
      if (!aborted) {
        log.error({ err: error, requestId: ctx.requestId }, 'export failed');
        if (!res.headersSent) fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        else res.destroy();
      }
    } finally {
      if (client) {
        // A client gone mid-export: end the connection, so its backend (and the query) goes with it.
        if (aborted || !res.writableFinished) {
          const broken = client as PoolClient & { connection?: { stream?: { destroy(): void } } };
          // Destroyed, not ended: an ended socket still takes a COPY's rows; a destroyed one makes the backend's next write fail.
          broken.connection?.stream?.destroy();
          broken.end().catch(() => undefined);
        }
        await knex.client.releaseConnection(client);
      }
    }
  });
  return router;
}
