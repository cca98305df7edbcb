using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Gimbal.Yarp.Matching;

/// <summary>
/// Picks the one Gimbal route that serves a request, with the rules of Core's RequestMatcher and the
/// Envoy translation: the best virtual host first (exact over wildcard over "*"; on HTTPS only hosts
/// with TLS, never "*"), then the first route of that host, in the route table's order, whose match
/// holds (plain-HTTP requests skip routes that deny plain HTTP). Every other Gimbal candidate is made invalid, so
/// ASP.NET Core's own scoring can never reorder Gimbal routes.
/// </summary>
internal sealed class GimbalMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After ASP.NET Core's built-in policies (host, HTTP method), which never apply to Gimbal endpoints anyway.
    public override int Order => 10_000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<CompiledRoute>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var host = HostPattern.HostName(httpContext.Request.Host.Value);
        var secure = httpContext.Request.IsHttps;
        var withoutSni = secure && string.IsNullOrEmpty(httpContext.Features.Get<ITlsHandshakeFeature>()?.HostName);
        HostPattern? bestHost = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var route = RouteAt(candidates, i);
            if (route is not null
                && (bestHost is null || route.Host.Rank < bestHost.Rank)
                && (!secure || (route.Descriptor.HostHasTls && !route.Descriptor.HttpsIsTcpProxied && route.Host.Rank < 2))
                && (!withoutSni || route.Descriptor.ServedWithoutSni)
                && route.Host.Matches(host))
            {
                bestHost = route.Host;
            }
        }

        var chosen = -1;
        var chosenIndex = int.MaxValue;
        if (bestHost is not null)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var route = RouteAt(candidates, i);
                if (route is not null
                    && route.Descriptor.Index < chosenIndex
                    && string.Equals(route.Host.Name, bestHost.Name, StringComparison.Ordinal)
                    && (secure || !route.DeniesPlainHttp)
                    && route.MatchesRequest(httpContext.Request))
                {
                    chosen = i;
                    chosenIndex = route.Descriptor.Index;
                }
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (i != chosen && RouteAt(candidates, i) is not null)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private static CompiledRoute? RouteAt(CandidateSet candidates, int i) =>
        candidates.IsValidCandidate(i) ? candidates[i].Endpoint.Metadata.GetMetadata<CompiledRoute>() : null;
}
