namespace Gimbal.Discovery.Kubernetes;

/// <summary>What a discoverer knows of its upstream, for readiness and logs.</summary>
public sealed class UpstreamStatus
{
    private volatile bool _synced;
    private volatile bool _reachable = true;
    private volatile bool _reconciled;

    /// <summary>Every informer has listed the upstream once.</summary>
    public bool Synced => _synced;

    /// <summary>The last probe of the upstream API answered.</summary>
    public bool Reachable => _reachable;

    /// <summary>A full reconcile into the Gimbal cluster has completed at least once.</summary>
    public bool Reconciled => _reconciled;

    /// <summary>Synced, reachable and reconciled: the discoverer's readiness.</summary>
    public bool Ready => _synced && _reachable && _reconciled;

    internal void MarkSynced() => _synced = true;

    internal void MarkReconciled() => _reconciled = true;

    /// <summary>Sets reachability; returns whether it changed.</summary>
    internal bool SetReachable(bool reachable)
    {
        var was = _reachable;
        _reachable = reachable;
        return was != reachable;
    }
}
