using Gimbal.Core.Compilation.Annotations;
using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation;

/// <summary>
/// A route an Ingress asks for, before host ownership and cluster naming are settled. A null
/// Cluster means the backend cannot be resolved: the route answers 503.
/// </summary>
internal sealed record RouteDraft(string Host, RouteMatch Match, ClusterSpec? Cluster, IngressEntry Entry, FieldPath Field, IngressRouteOptions Options, int Order)
{
    public bool Websockets => Match.PathKind != PathMatchKind.Regex && Options.WebsocketPaths.Contains(Match.Path);
}

/// <summary>A host an Ingress wants served over TLS, with the certificate from a usable Secret.</summary>
internal sealed record TlsDraft(string Host, TlsCertificate Certificate, IngressEntry Entry, string Field, int Order);
