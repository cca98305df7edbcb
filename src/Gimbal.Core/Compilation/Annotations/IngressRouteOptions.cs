using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation.Annotations;

/// <summary>What an Ingress's annotations ask of every route it contributes.</summary>
internal sealed record IngressRouteOptions
{
    private static readonly HashSet<string> KnownRetryOn = new(StringComparer.Ordinal)
    {
        "5xx", "gateway-error", "reset", "connect-failure", "envoy-ratelimited", "retriable-4xx", "refused-stream",
        "retriable-status-codes", "retriable-headers", "http3-post-connect-failure",
        "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
    };

    public LoadBalancerPolicy LoadBalancing { get; init; } = new();

    public TimeoutPolicy? Timeouts { get; init; }

    public RetryPolicy? Retry { get; init; }

    public HashSet<string> WebsocketPaths { get; init; } = new(StringComparer.Ordinal);

    public InsecurePolicy Insecure { get; init; } = InsecurePolicy.Allow;

    public static IngressRouteOptions Parse(IngressEntry entry, DiagnosticBag diagnostics)
    {
        var annotations = entry.Ingress.Metadata.Annotations;
        if (annotations is null || annotations.Count == 0)
        {
            return Defaults;
        }

        var reader = new AnnotationReader(annotations, entry.Ref, diagnostics);
        reader.WarnUnknown(GimbalAnnotations.IngressKeys, GimbalAnnotations.ServiceKeys, "an Ingress");

        var insecure = InsecurePolicy.Allow;
        if (reader.Bool(GimbalAnnotations.ForceSslRedirect) == true)
        {
            insecure = InsecurePolicy.RedirectToHttps;
        }

        // allow-http: "false" forbids plain HTTP outright, so it wins over a redirect (which is served on HTTP).
        if (reader.Bool(GimbalAnnotations.AllowHttp) == false)
        {
            insecure = InsecurePolicy.Deny;
        }

        return new IngressRouteOptions
        {
            LoadBalancing = ParseLoadBalancing(reader),
            Timeouts = ParseTimeouts(reader),
            Retry = ParseRetry(reader),
            WebsocketPaths = ParseWebsockets(reader),
            Insecure = insecure,
        };
    }

    private static IngressRouteOptions Defaults { get; } = new();

    private static LoadBalancerPolicy ParseLoadBalancing(AnnotationReader reader)
    {
        var strategy = LoadBalancingStrategy.RoundRobin;
        if (reader.Get(GimbalAnnotations.LoadBalancerStrategy) is { } text)
        {
            if (!Enum.TryParse(text.Trim(), ignoreCase: true, out strategy) || !Enum.IsDefined(strategy) || int.TryParse(text, out _))
            {
                reader.Invalid(GimbalAnnotations.LoadBalancerStrategy, text, "one of RoundRobin, LeastRequest, Random, PowerOfTwoChoices, RingHash", "using RoundRobin");
                strategy = LoadBalancingStrategy.RoundRobin;
            }
        }

        var header = reader.Token(GimbalAnnotations.HashHeader, "an HTTP header name");
        var cookie = reader.Token(GimbalAnnotations.HashCookie, "a cookie name");
        if (strategy != LoadBalancingStrategy.RingHash)
        {
            if (header is not null || cookie is not null)
            {
                reader.Ignored(header is not null ? GimbalAnnotations.HashHeader : GimbalAnnotations.HashCookie, "only applies with load-balancer-strategy: RingHash");
            }

            return new LoadBalancerPolicy { Strategy = strategy };
        }

        if (header is null && cookie is null)
        {
            reader.Invalid(GimbalAnnotations.LoadBalancerStrategy, "RingHash", $"RingHash together with {GimbalAnnotations.HashHeader} or {GimbalAnnotations.HashCookie}", "using RoundRobin");
            return new LoadBalancerPolicy();
        }

        return new LoadBalancerPolicy { Strategy = strategy, HashHeader = header?.ToLowerInvariant(), HashCookie = cookie };
    }

    private static TimeoutPolicy? ParseTimeouts(AnnotationReader reader)
    {
        var request = reader.Duration(GimbalAnnotations.RequestTimeout);
        var idle = reader.Duration(GimbalAnnotations.IdleTimeout);
        return request is null && idle is null ? null : new TimeoutPolicy { Request = request, Idle = idle };
    }

    private static RetryPolicy? ParseRetry(AnnotationReader reader)
    {
        var count = reader.Int(GimbalAnnotations.RetryCount, 0, 100);
        var perTry = reader.Duration(GimbalAnnotations.PerTryTimeout);
        var on = new SortedSet<string>(StringComparer.Ordinal);
        if (reader.Get(GimbalAnnotations.RetryOn) is { } list)
        {
            foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (KnownRetryOn.Contains(item))
                {
                    on.Add(item);
                }
                else
                {
                    reader.Invalid(GimbalAnnotations.RetryOn, item, "a comma-separated list of Envoy retry-on conditions such as 5xx, gateway-error, connect-failure, reset", "that condition is left out");
                }
            }
        }

        if ((count is null && perTry is null && on.Count == 0) || count == 0)
        {
            return null;
        }

        return new RetryPolicy
        {
            Count = count ?? 1,
            PerTryTimeout = perTry,
            RetryOn = on.Count == 0 ? EquatableArray.Create("5xx") : on.ToEquatableArray(),
        };
    }

    private static HashSet<string> ParseWebsockets(AnnotationReader reader)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (reader.Get(GimbalAnnotations.WebsocketRoutes) is { } list)
        {
            foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (item.StartsWith('/'))
                {
                    paths.Add(item.Length > 1 ? item.TrimEnd('/') : item);
                }
                else
                {
                    reader.Invalid(GimbalAnnotations.WebsocketRoutes, item, "a comma-separated list of paths starting with '/'", "that entry is left out");
                }
            }
        }

        return paths;
    }
}
