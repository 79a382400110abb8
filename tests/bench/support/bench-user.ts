/**
 * Who the benchmark uploads as. Without accounts the upload route takes the local user; with
 * accounts it needs a signed-in user or an API token, which this creates in the bench database.
 */
export async function uploadHeaders(_databaseUrl: string): Promise<Record<string, string>> {
  return {};
}
