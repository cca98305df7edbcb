using Gimbal.Core.Compilation;
using Gimbal.Kubernetes.Sources;
using Gimbal.Kubernetes.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Hosting.Status;

/// <summary>
/// Writes each compile's status (HTTPProxy status, Ingress events, and the Ingress load balancer
/// address when one is configured) back to the cluster the objects came from. A folder of manifests
/// has nowhere to write to, so there it does nothing. A failed write is logged and retried with the
/// next compile; it never stops routing.
/// </summary>
public sealed partial class StatusFeedback(IOptions<StatusWriterOptions> options, IOptions<IngressStatusOptions> ingressStatus, TimeProvider clock, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<StatusFeedback>();
    private StatusWriter? _writer;
    private IngressStatusWriter? _ingressWriter;
    private IResourceSource? _source;

    public async Task WriteAsync(IResourceSource source, ResourceSnapshot snapshot, CompileResult result, CancellationToken cancellationToken)
    {
        if (source is not ClusterResourceSource cluster)
        {
            return;
        }

        if (!ReferenceEquals(source, _source))
        {
            _source = source;
            _writer = new StatusWriter(cluster.Client, options, clock, loggers.CreateLogger<StatusWriter>());
            _ingressWriter = new IngressStatusWriter(cluster.Client, loggers.CreateLogger<IngressStatusWriter>());
        }

        try
        {
            var written = await _writer!.WriteAsync(snapshot, result, cancellationToken).ConfigureAwait(false);
            if (written.StatusesWritten > 0 || written.EventsCreated > 0 || written.Failures > 0)
            {
                LogWritten(written.StatusesWritten, written.EventsCreated, written.Failures);
            }

            if (ingressStatus.Value.Address is { Length: > 0 } address)
            {
                await _ingressWriter!.WriteAsync(snapshot, result, address.Trim(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status written: {Statuses} statuses, {Events} events, {Failures} failures")]
    private partial void LogWritten(int statuses, int events, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing status back to the cluster failed; the next compile tries again")]
    private partial void LogFailed(Exception exception);
}
