using System.Net;
using System.Text.Json.Nodes;
using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Errors;
using Microsoft.Extensions.Logging;

namespace Gimbal.Hosting.Status;

/// <summary>
/// Publishes the load balancer's address in <c>status.loadBalancer.ingress</c> of every Ingress that
/// contributes routes, through the status subresource, and only when the Ingress does not carry it
/// already. Call it from one loop; it is not thread-safe.
/// </summary>
public sealed partial class IngressStatusWriter(KubernetesClient client, ILogger<IngressStatusWriter> logger)
{
    private readonly ResourceClient<Ingress> _ingresses = client.Ingresses;

    // What was written per Ingress and against which resourceVersion: a snapshot that has not caught up
    // with our own write yet must not cause a second, identical write.
    private readonly Dictionary<(string, string), (string? ResourceVersion, string Address)> _written = [];

    /// <summary>Writes <paramref name="address"/> where it is missing; returns how many Ingresses were written and how many writes failed.</summary>
    public async Task<(int Written, int Failures)> WriteAsync(ResourceSnapshot snapshot, CompileResult result, string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(result);
        var served = new HashSet<(string, string)>();
        foreach (var host in result.Routes.VirtualHosts)
        {
            foreach (var route in host.Routes)
            {
                if (route.Source.Kind == "Ingress")
                {
                    served.Add((route.Source.Namespace ?? string.Empty, route.Source.Name));
                }
            }
        }

        var desired = IPAddress.TryParse(address, out _) ? new LoadBalancerIngress { Ip = address } : new LoadBalancerIngress { Hostname = address };
        int written = 0, failures = 0;
        var seen = new HashSet<(string, string)>();
        foreach (var ingress in snapshot.Ingresses)
        {
            if (ingress?.Metadata.Name is not { } name)
            {
                continue;
            }

            var key = (ingress.Metadata.Namespace ?? string.Empty, name);
            seen.Add(key);
            if (!served.Contains(key)
                || ingress.Status?.LoadBalancer?.Ingress is [var only] && only.Ip == desired.Ip && only.Hostname == desired.Hostname
                || (_written.TryGetValue(key, out var last) && last.ResourceVersion == ingress.Metadata.ResourceVersion && last.Address == address))
            {
                continue;
            }

            try
            {
                await _ingresses.PatchStatusAsync(key.Item1, name, Patch(desired), cancellationToken).ConfigureAwait(false);
                _written[key] = (ingress.Metadata.ResourceVersion, address);
                written++;
                LogWritten(key.Item1, name, address);
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted since the snapshot: nothing to write.
                _written.Remove(key);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
            {
                failures++;
                LogFailed(e, key.Item1, name);
            }
        }

        foreach (var stale in _written.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _written.Remove(stale);
        }

        return (written, failures);
    }

    // A merge patch replaces the whole list: this address becomes the only one.
    private static JsonObject Patch(LoadBalancerIngress desired) => new()
    {
        ["status"] = new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["ingress"] = new JsonArray(desired.Ip is { } ip ? new JsonObject { ["ip"] = ip } : new JsonObject { ["hostname"] = desired.Hostname }),
            },
        },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote load balancer address {Address} into the status of Ingress {Namespace}/{Name}")]
    private partial void LogWritten(string @namespace, string name, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the status of Ingress {Namespace}/{Name}; the next compile retries")]
    private partial void LogFailed(Exception exception, string @namespace, string name);
}
