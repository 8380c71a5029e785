import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'

/** Runs a parameterised SELECT and checks every row against its read schema. */
export async function select<T extends z.ZodType>(client: ClickHouseClient, row: T, query: string, params: Record<string, unknown>): Promise<Array<z.output<T>>> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' })
  return z.array(row).parse(await result.json())
}
