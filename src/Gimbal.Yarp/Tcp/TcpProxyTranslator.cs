using Gimbal.Core.Routing;
using Gimbal.Yarp.Translation;

namespace Gimbal.Yarp.Tcp;

/// <summary>The route table's TCP proxy hosts as targets for <see cref="TcpProxyRoutes"/>.</summary>
internal static class TcpProxyTranslator
{
    public static IEnumerable<TcpProxyTarget> Translate(RouteTable table)
    {
        var clusters = ClusterTranslator.ByName(table);
        foreach (var host in table.VirtualHosts)
        {
            // A terminated host without a certificate has nothing to terminate with: the compiler never
            // emits one, and serving it would mean handing its clients another host's certificate.
            if (host.TcpProxy is not { } tcp || (!tcp.Passthrough && host.Tls is null))
            {
                continue;
            }

            yield return new TcpProxyTarget(
                host.Name,
                tcp.Passthrough ? TcpProxyMode.Passthrough : TcpProxyMode.Terminated,
                ClusterTranslator.ClusterIdFor(tcp.Clusters, clusters));
        }
    }
}
