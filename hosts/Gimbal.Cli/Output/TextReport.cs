using System.Globalization;
using System.Text;
using Gimbal.Core.Compilation;
using Gimbal.Core.Routing;

namespace Gimbal.Cli.Output;

/// <summary>The human-readable form of a compile: hosts and routes, clusters, endpoints, diagnostics.</summary>
internal static class TextReport
{
    public static string Render(CompileResult result)
    {
        var text = new StringBuilder();
        text.Append("virtual hosts\n");
        foreach (var host in result.Routes.VirtualHosts)
        {
            var tls = host.Tls is { } t ? $"  tls {t.CertificateName} (TLS ≥ {t.MinimumProtocolVersion})" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"  {host.Name}{tls}\n");
            foreach (var route in host.Routes)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {DescribeMatch(route.Match),-32} {DescribeAction(route.Action)}{DescribeInsecure(host, route)}  [{route.Source}]\n");
            }
        }

        text.Append("clusters\n");
        foreach (var cluster in result.Routes.Clusters)
        {
            var health = cluster.HealthCheck is { } hc ? $", health check {hc.Path} every {hc.Interval.TotalSeconds}s" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"  {cluster.Name}  {cluster.LoadBalancing.Strategy}, {cluster.Protocol}{health}\n");
        }

        text.Append("endpoints\n");
        foreach (var (name, cluster) in result.Endpoints.Clusters)
        {
            var list = cluster.Endpoints.Count == 0
                ? "(none)"
                : string.Join(", ", cluster.Endpoints.Select(e => $"{e.Address}:{e.Port}{(e.Weight == 1 ? string.Empty : $" (weight {e.Weight})")}{(e.Ready ? string.Empty : " (not ready)")}"));
            text.Append(CultureInfo.InvariantCulture, $"  {name}: {list}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"diagnostics ({result.Diagnostics.Count})\n");
        foreach (var d in result.Diagnostics)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {d}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    public static string DescribeMatch(RouteMatch match)
    {
        var path = match.PathKind switch
        {
            PathMatchKind.Exact => $"exact {match.Path}",
            PathMatchKind.Regex => $"regex {match.Path}",
            _ => $"prefix {match.Path}",
        };
        return match.Headers.Count == 0 ? path : $"{path} + {match.Headers.Count} header match(es)";
    }

    private static string DescribeAction(RouteAction action) => action switch
    {
        { Forward: { } f } => "-> " + string.Join(", ", f.Clusters.Select(c => f.Clusters.Count == 1 ? c.ClusterName : $"{c.ClusterName} ({c.Weight})")),
        { Redirect: { } r } => $"redirect {r.StatusCode} {r.Scheme}://{r.Host}{r.Path}",
        { DirectResponse: { } d } => $"answer {d.StatusCode}",
        _ => "(no action)",
    };

    private static string DescribeInsecure(VirtualHost host, Route route) => host.Tls is null
        ? string.Empty
        : route.Insecure switch
        {
            InsecurePolicy.RedirectToHttps => "; http: redirect to https",
            InsecurePolicy.Deny => "; http: not served",
            _ => string.Empty,
        };
}
