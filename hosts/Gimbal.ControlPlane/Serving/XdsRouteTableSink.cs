using Gimbal.Core.Compilation;
using Gimbal.Core.Routing;
using Gimbal.Hosting.Routing;
using Gimbal.Xds.Snapshots;

namespace Gimbal.ControlPlane.Serving;

/// <summary>
/// Hands every compile to the xDS publisher, which versions it and pushes only what changed. When
/// only endpoints changed (the common case: pods come and go), only the changed clusters'
/// assignments are translated again instead of the whole table.
/// </summary>
public sealed class XdsRouteTableSink(XdsPublisher publisher) : IRouteTableSink
{
    private CompileResult? _last;

    /// <inheritdoc />
    public void Apply(CompileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_last is { } last && last.Routes.Equals(result.Routes))
        {
            var changed = ChangedClusters(last.Endpoints, result.Endpoints);
            if (changed.Count > 0)
            {
                publisher.PublishEndpoints(result.Endpoints, changed);
            }
        }
        else
        {
            publisher.Publish(result.Routes, result.Endpoints);
        }

        _last = result;
    }

    private static List<string> ChangedClusters(EndpointTable before, EndpointTable after)
    {
        var changed = new List<string>();
        foreach (var (name, endpoints) in after.Clusters)
        {
            if (!before.Clusters.TryGetValue(name, out var old) || !old.Equals(endpoints))
            {
                changed.Add(name);
            }
        }

        foreach (var name in before.Clusters.Keys)
        {
            if (!after.Clusters.ContainsKey(name))
            {
                changed.Add(name);
            }
        }

        return changed;
    }
}
