using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;
using Gimbal.Core.Status;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Kubernetes.Status;

/// <summary>
/// Writes what a compile says back onto the objects teams own: HTTPProxy status through the status
/// subresource, only when it differs from what the object already carries, and Ingress diagnostics
/// as Events, each distinct problem once. Call it from one loop; it is not thread-safe.
/// </summary>
public sealed partial class StatusWriter(KubernetesClient client, IOptions<StatusWriterOptions> options, TimeProvider clock, ILogger<StatusWriter> logger)
{
    private readonly ResourceClient<HttpProxy> _proxies = client.Resource(Contour.ContourResources.HttpProxies);
    private readonly ResourceClient<GenericObject> _events = client.Resource(StatusResources.Events);

    // What was last written per proxy, and against which resourceVersion: a snapshot that has not caught up
    // with our own write yet must not cause a second, identical write.
    private readonly Dictionary<(string, string), (string? ResourceVersion, HttpProxyStatus Status)> _written = [];
    private HashSet<string> _emitted = new(StringComparer.Ordinal);

    /// <summary>
    /// Patches the status of every HTTPProxy whose computed status changed and creates an Event for each Ingress
    /// diagnostic not yet reported. API failures are logged and counted in the result, never thrown.
    /// </summary>
    /// <param name="snapshot">The objects that were compiled.</param>
    /// <param name="result">What the compiler made of them.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>How many statuses were written or left unchanged, how many events created, and how many writes failed.</returns>
    public async Task<StatusWriteResult> WriteAsync(ResourceSnapshot snapshot, CompileResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(result);
        var settings = options.Value;
        int written = 0, unchanged = 0, created = 0, failures = 0;

        var current = snapshot.HttpProxies.Where(p => p?.Metadata.Name is not null)
            .GroupBy(p => (p.Metadata.Namespace ?? string.Empty, p.Metadata.Name!))
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var desired in ProxyStatusCalculator.Compute(snapshot, result, new CompilerOptions { IngressClassName = settings.IngressClassName }))
        {
            var key = (desired.Namespace, desired.Name);
            var proxy = current[key];
            if (ProxyStatusCalculator.Equivalent(proxy.Status, desired.Status)
                || (_written.TryGetValue(key, out var last) && last.ResourceVersion == proxy.Metadata.ResourceVersion && ProxyStatusCalculator.Equivalent(last.Status, desired.Status)))
            {
                unchanged++;
                continue;
            }

            var status = ProxyStatusCalculator.WithTransitionTimes(desired.Status, proxy.Status, clock.GetUtcNow());
            try
            {
                await _proxies.PatchStatusAsync(desired.Namespace, desired.Name, Patch(status), cancellationToken);
                _written[key] = (proxy.Metadata.ResourceVersion, status);
                written++;
                LogStatusWritten(desired.Namespace, desired.Name, status.CurrentStatus ?? string.Empty);
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted since the snapshot: nothing to write.
                _written.Remove(key);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
            {
                failures++;
                LogStatusFailed(e, desired.Namespace, desired.Name);
            }
        }

        foreach (var stale in _written.Keys.Where(k => !current.ContainsKey(k)).ToList())
        {
            _written.Remove(stale);
        }

        var events = IngressEventCalculator.Compute(snapshot, result);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ev in events)
        {
            var id = ev.Object.Namespace + "/" + ev.Name;
            if (_emitted.Contains(id))
            {
                emitted.Add(id);
                continue;
            }

            try
            {
                await _events.CreateAsync(EventObject(ev, settings), cancellationToken);
                created++;
                emitted.Add(id);
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                // Another replica, or this one before a restart, already reported it.
                emitted.Add(id);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
            {
                failures++;
                LogEventFailed(e, ev.Object.ToString(), ev.Reason);
            }
        }

        // Forgetting resolved problems lets them be reported again if they come back.
        _emitted = emitted;
        return new StatusWriteResult(written, unchanged, created, failures);
    }

    private static JsonObject Patch(HttpProxyStatus status)
    {
        var node = JsonSerializer.SerializeToNode(status, KubernetesJsonContext.Default.HttpProxyStatus)!.AsObject();

        // A merge patch without loadBalancer leaves the addresses someone else publishes alone.
        node.Remove("loadBalancer");
        return new JsonObject { ["status"] = node };
    }

    private GenericObject EventObject(DesiredEvent ev, StatusWriterOptions settings)
    {
        var now = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = ev.ApiVersion,
                ["kind"] = ev.Object.Kind,
                ["namespace"] = ev.Object.Namespace,
                ["name"] = ev.Object.Name,
                ["uid"] = ev.Uid,
            },
            ["reason"] = ev.Reason,
            ["message"] = ev.Message,
            ["type"] = ev.Type,
            ["count"] = 1,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["source"] = new JsonObject { ["component"] = settings.Component },
            ["reportingComponent"] = settings.Component,
            ["reportingInstance"] = settings.Instance,
        };
        using var document = JsonDocument.Parse(body.ToJsonString());
        return new GenericObject
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new ObjectMeta { Namespace = ev.Object.Namespace, Name = ev.Name },
            AdditionalProperties = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote status of HTTPProxy {Namespace}/{Name}: {Status}")]
    private partial void LogStatusWritten(string @namespace, string name, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the status of HTTPProxy {Namespace}/{Name}; the next compile retries")]
    private partial void LogStatusFailed(Exception exception, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create an Event on {Object} ({Reason}); the next compile retries")]
    private partial void LogEventFailed(Exception exception, string @object, string reason);
}
