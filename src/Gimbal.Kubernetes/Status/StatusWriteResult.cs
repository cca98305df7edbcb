namespace Gimbal.Kubernetes.Status;

/// <summary>What one <see cref="StatusWriter.WriteAsync"/> call did.</summary>
/// <param name="StatusesWritten">HTTPProxy statuses patched.</param>
/// <param name="StatusesUnchanged">HTTPProxy statuses already as computed, so not written.</param>
/// <param name="EventsCreated">Ingress Events created.</param>
/// <param name="Failures">Writes that failed (logged); they are tried again on the next call.</param>
public sealed record StatusWriteResult(int StatusesWritten, int StatusesUnchanged, int EventsCreated, int Failures);
