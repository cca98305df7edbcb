using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Translation;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gimbal.Yarp.ServiceHeaders;

/// <summary>
/// Per-service (per weighted cluster) request and response header policies, applied once the load
/// balancer has chosen the destination and so the cluster (see <see cref="ClusterTranslator"/>: a
/// destination of a split carries its member's name). They run after YARP's route-level header
/// transforms, so where both touch a header the service's policy wins, as in the Envoy translation
/// (most_specific_header_mutations_wins).
/// </summary>
internal sealed class ServiceHeadersTransformProvider : ITransformProvider
{
    // The entry chosen for the request is the one whose response headers apply.
    private static readonly object ChosenKey = new();

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var forward = RouteDescriptor.FromMetadata(context.Route.Metadata)?.Route.Action.Forward;
        if (forward is null || !forward.Clusters.Any(c => c.RequestHeaders is not null || c.ResponseHeaders is not null))
        {
            return;
        }

        var entries = forward.Clusters
            .Where(c => c.Weight > 0)
            .GroupBy(c => c.ClusterName, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(c => new ServiceEntry(
                        c.Weight,
                        HeaderEdits.From(c.RequestHeaders),
                        HeaderEdits.From(c.ResponseHeaders)))
                    .ToArray(),
                StringComparer.Ordinal);

        context.AddRequestTransform(transform =>
        {
            var entry = Choose(entries, transform.HttpContext);
            transform.HttpContext.Items[ChosenKey] = entry;
            if (entry is null)
            {
                return ValueTask.CompletedTask;
            }

            foreach (var name in entry.Request.Remove)
            {
                RequestTransform.RemoveHeader(transform, name);
            }

            foreach (var (name, value) in entry.Request.Set)
            {
                RequestTransform.RemoveHeader(transform, name);
                if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    transform.ProxyRequest.Headers.Host = value;
                }
                else
                {
                    RequestTransform.AddHeader(transform, name, value);
                }
            }

            return ValueTask.CompletedTask;
        });

        context.AddResponseTransform(transform =>
        {
            if (transform.ProxyResponse is not null && transform.HttpContext.Items.TryGetValue(ChosenKey, out var chosen) && chosen is ServiceEntry entry)
            {
                var headers = transform.HttpContext.Response.Headers;
                foreach (var name in entry.Response.Remove)
                {
                    headers.Remove(name);
                }

                foreach (var (name, value) in entry.Response.Set)
                {
                    headers[name] = value;
                }
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// The entry of the destination's cluster. A cluster named by two services (with different
    /// policies) was merged into one split member with the summed weight; drawing between its
    /// services by their own weights keeps each service's share.
    /// </summary>
    private static ServiceEntry? Choose(Dictionary<string, ServiceEntry[]> entries, HttpContext context)
    {
        var member = context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.Model.Config.Metadata?.GetValueOrDefault(ClusterDescriptor.MemberKey);
        if (member is null || !entries.TryGetValue(member, out var candidates))
        {
            return null;
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        var draw = Random.Shared.NextInt64(candidates.Sum(c => (long)c.Weight));
        foreach (var candidate in candidates)
        {
            draw -= candidate.Weight;
            if (draw < 0)
            {
                return candidate;
            }
        }

        return candidates[^1];
    }

    private sealed record ServiceEntry(int Weight, HeaderEdits Request, HeaderEdits Response);
}

/// <summary>One service's header edits, without names that are no header name (YARP would reject them).</summary>
internal sealed record HeaderEdits(IReadOnlyList<string> Remove, IReadOnlyList<(string Name, string Value)> Set)
{
    public static HeaderEdits From(HeadersPolicy? policy) => new(
        (policy?.Remove ?? EquatableArray<string>.Empty).Where(IsToken).ToArray(),
        (policy?.Set ?? EquatableArray<HeaderValue>.Empty).Where(h => IsToken(h.Name)).Select(h => (h.Name, h.Value)).ToArray());

    /// <summary>An HTTP header name (RFC 9110 token).</summary>
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
