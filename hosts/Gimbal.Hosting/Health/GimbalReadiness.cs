namespace Gimbal.Hosting.Health;

/// <summary>Ready once the host has applied its first route table; /readyz reports it.</summary>
public sealed class GimbalReadiness
{
    private volatile string? _waitingFor = "the first route table";

    public bool IsReady => _waitingFor is null;

    /// <summary>What readiness still waits for, or null when ready.</summary>
    public string? WaitingFor => _waitingFor;

    public void MarkReady() => _waitingFor = null;
}
