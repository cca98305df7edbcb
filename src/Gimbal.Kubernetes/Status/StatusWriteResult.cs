namespace Gimbal.Kubernetes.Status;

/// <summary>What one <see cref="StatusWriter.WriteAsync"/> call did.</summary>
public sealed record StatusWriteResult(int StatusesWritten, int StatusesUnchanged, int EventsCreated, int Failures);
