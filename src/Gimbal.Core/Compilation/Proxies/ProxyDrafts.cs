using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Proxies;

/// <summary>One weighted upstream of a proxy route, before cluster names are settled.</summary>
internal sealed record ProxyBackend(ClusterSpec Spec, int Weight);

/// <summary>
/// A route a root's delegation chain asks for. <see cref="Action"/> is final for redirects; for
/// forwards its cluster list is filled from <see cref="Backends"/> once names are known (none: 503).
/// </summary>
internal sealed record ProxyRouteDraft(RouteMatch Match, RouteAction Action, IReadOnlyList<ProxyBackend> Backends, bool PermitInsecure, ProxyEntry Source, string Field, int Order);

/// <summary>A host a root HTTPProxy owns, its certificate when it terminates TLS, and its routes in delegation order.</summary>
internal sealed record ProxyHostDraft(string Host, ProxyEntry Root, TlsBinding? Tls, TlsCertificate? Certificate, List<ProxyRouteDraft> Routes);
