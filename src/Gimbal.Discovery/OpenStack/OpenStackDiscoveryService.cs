using Gimbal.Discovery.Kubernetes;
using Gimbal.Discovery.Mirroring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gimbal.Discovery.OpenStack;

/// <summary>
/// The OpenStack discoverer loop: every reconciliation period, read OpenStack and hand the result to the mirroring
/// engine as the whole desired state (the engine deletes nothing where the read was incomplete).
/// </summary>
public sealed partial class OpenStackDiscoveryService(
    OpenStackDiscoverer discoverer,
    MirrorEngine engine,
    OpenStackOptions options,
    OpenStackMetrics metrics,
    TimeProvider time,
    ILogger<OpenStackDiscoveryService> logger) : BackgroundService
{
    /// <summary>Whether OpenStack answered the last cycle and the cluster has been reconciled (for /readyz), as the Kubernetes discoverer reports it.</summary>
    public UpstreamStatus Status { get; } = new();

    /// <summary>The mirroring engine each cycle's result is handed to.</summary>
    public MirrorEngine Engine => engine;

    /// <summary>Completed cycles (read and handed to the engine, or failed), for tests and diagnostics.</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    private long _cycles;

    /// <summary>Runs the engine's workers and a read-and-reconcile cycle every reconciliation period until the host stops.</summary>
    /// <param name="stoppingToken">Signalled when the host stops.</param>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = engine.RunAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.ReconciliationPeriod, time);
        try
        {
            do
            {
                await CycleAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await workers.ConfigureAwait(false);
    }

    /// <summary>One read of OpenStack and one reconcile.</summary>
    public async Task CycleAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var result = await discoverer.ReadAsync(cancellationToken).ConfigureAwait(false);
            Status.SetReachable(result.MirrorSet.Complete);
            if (result.MirrorSet.Complete)
            {
                Status.MarkSynced();
            }

            await engine.ReconcileAsync(result.MirrorSet, cancellationToken).ConfigureAwait(false);
            if (result.MirrorSet.Complete)
            {
                Status.MarkReconciled();
            }

            LogCycle(options.BackendName, result.MirrorSet.Services.Count, result.Errors.Count, result.Mapping.Diagnostics.Count);
        }
        catch (MirrorTargetException e)
        {
            LogReconcileFailed(options.BackendName, e.Message);
        }
        finally
        {
            metrics.CycleDuration(time.GetElapsedTime(started));
            Interlocked.Increment(ref _cycles);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenStack backend {Backend}: {Services} load balancers mirrored, {Errors} read errors, {Diagnostics} diagnostics")]
    private partial void LogCycle(string backend, int services, int errors, int diagnostics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenStack backend {Backend}: the Gimbal cluster could not be listed ({Reason}); nothing changed this cycle")]
    private partial void LogReconcileFailed(string backend, string reason);
}
