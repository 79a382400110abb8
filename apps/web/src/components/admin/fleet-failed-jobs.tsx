/** Every user's failed jobs for an administrator: whose, what kind of file, why, when; never the document's name or contents. */
export function FleetFailedJobs({
  jobs,
}: {
  jobs: { jobId: string; ownerEmail: string; mimeType: string; sizeBytes: number; reason: string; attempts: number; failedAt: Date }[];
}) {
  return (
    <section aria-labelledby="fleet-failed-title" data-testid="fleet-failed-jobs">
      <h2 id="fleet-failed-title">Failed jobs</h2>
      {jobs.length === 0 ? (
        <p className="muted">No job has failed.</p>
      ) : (
        <table>
          <caption className="visually-hidden">The latest failed jobs of every user</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">User</th>
              <th scope="col">File</th>
              <th scope="col">Attempts</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.jobId}>
                <td>{job.failedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td>{job.ownerEmail}</td>
                <td>
                  {job.mimeType}, {Math.max(1, Math.round(job.sizeBytes / 1024))} KB
                </td>
                <td>{job.attempts}</td>
                <td>{job.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
