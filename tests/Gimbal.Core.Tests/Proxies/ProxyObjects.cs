using Gimbal.Core.Kubernetes;
using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Tests.Proxies;

/// <summary>Terse builders for HTTPProxy tests.</summary>
internal static class ProxyObjects
{
    public static HttpProxy Root(string ns, string name, string fqdn, DateTimeOffset created, string service = "web", string? prefix = null) =>
        Proxy(ns, name, created, fqdn, [Route(service, prefix)]);

    public static HttpProxy Child(string ns, string name, string service = "web", string? prefix = null) =>
        Proxy(ns, name, Support.TestObjects.Epoch, null, [Route(service, prefix)]);

    public static HttpProxy Proxy(string ns, string name, DateTimeOffset created, string? fqdn, IReadOnlyList<ProxyRoute> routes, params ProxyInclude[] includes) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name, CreationTimestamp = created },
        Spec = new HttpProxySpec
        {
            Virtualhost = fqdn is null ? null : new ProxyVirtualHost { Fqdn = fqdn },
            Routes = routes,
            Includes = includes.Length == 0 ? null : includes,
        },
    };

    public static ProxyRoute Route(string service, string? prefix = null) => new()
    {
        Conditions = prefix is null ? null : [new MatchCondition { Prefix = prefix }],
        Services = [new ProxyService { Name = service, Port = 80 }],
    };

    public static ProxyInclude Include(string ns, string name, string? prefix = null) => new()
    {
        Name = name,
        Namespace = ns,
        Conditions = prefix is null ? null : [new MatchCondition { Prefix = prefix }],
    };
}
