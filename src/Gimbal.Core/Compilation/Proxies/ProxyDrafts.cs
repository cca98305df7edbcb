using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>One weighted upstream of a proxy route, before cluster names are settled, with its own header policies.</summary>
internal sealed record ProxyBackend(ClusterSpec Spec, int Weight, HeadersPolicy? RequestHeaders = null, HeadersPolicy? ResponseHeaders = null);

/// <summary>A mirror service of a proxy route, before cluster names are settled.</summary>
internal sealed record ProxyMirror(ClusterSpec Spec, int Percent);

/// <summary>The upstreams routes[].services[] resolve to: the weighted split and the mirrors.</summary>
internal sealed record ProxyUpstreams(IReadOnlyList<ProxyBackend> Backends, IReadOnlyList<ProxyMirror> Mirrors)
{
    public static ProxyUpstreams None { get; } = new([], []);
}

/// <summary>A root's spec.tcpproxy: weighted upstreams (from the root or the proxy it includes) and whether TLS passes through.</summary>
internal sealed record ProxyTcpDraft(IReadOnlyList<ProxyBackend> Backends, bool Passthrough);

/// <summary>
/// A route a root's delegation chain asks for. <see cref="Action"/> is final for redirects; for
/// forwards its cluster list is filled from <see cref="Backends"/> once names are known (none: 503).
/// </summary>
internal sealed record ProxyRouteDraft(RouteMatch Match, RouteAction Action, ProxyUpstreams Upstreams, bool PermitInsecure, ProxyEntry Source, string Field, int Order)
{
    public IReadOnlyList<ProxyBackend> Backends => Upstreams.Backends;
}

/// <summary>
/// A host a root HTTPProxy owns, its certificate when it terminates TLS, its routes in delegation order,
/// its TCP proxy, and the fallback certificate when it opted in to one.
/// </summary>
internal sealed record ProxyHostDraft(string Host, ProxyEntry Root, TlsBinding? Tls, TlsCertificate? Certificate, List<ProxyRouteDraft> Routes)
{
    public ProxyTcpDraft? Tcp { get; init; }

    public TlsCertificate? Fallback { get; init; }
}
