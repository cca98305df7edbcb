using Gimbal.Core.Collections;
using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Gimbal.Core.Routing;
using Google.Protobuf.WellKnownTypes;
using CoreRoute = Gimbal.Core.Routing.Route;
using CoreRouteAction = Gimbal.Core.Routing.RouteAction;
using CoreVirtualHost = Gimbal.Core.Routing.VirtualHost;
using CoreRedirectAction = Gimbal.Core.Routing.RedirectAction;
using CoreDirectResponseAction = Gimbal.Core.Routing.DirectResponseAction;
using CoreRetryPolicy = Gimbal.Core.Routing.RetryPolicy;
using EnvoyRoute = Envoy.Config.Route.V3.Route;
using EnvoyRouteMatch = Envoy.Config.Route.V3.RouteMatch;
using EnvoyDirectResponseAction = Envoy.Config.Route.V3.DirectResponseAction;
using EnvoyRouteAction = Envoy.Config.Route.V3.RouteAction;
using EnvoyVirtualHost = Envoy.Config.Route.V3.VirtualHost;
using EnvoyRedirectAction = Envoy.Config.Route.V3.RedirectAction;
using EnvoyRetryPolicy = Envoy.Config.Route.V3.RetryPolicy;

namespace Gimbal.Xds.Translation;

/// <summary>Turns virtual hosts and their routes into Envoy route configuration.</summary>
internal sealed class RouteTranslator
{
    private readonly IReadOnlyDictionary<string, UpstreamCluster> _clusters;
    private readonly ResourceFlavor _flavor;

    public RouteTranslator(IReadOnlyDictionary<string, UpstreamCluster> clusters, ResourceFlavor flavor)
    {
        _clusters = clusters;
        _flavor = flavor;
    }

    /// <summary>
    /// What translating <paramref name="host"/> reads besides the host itself: the load-balancing policy of
    /// each cluster its routes forward to (hash policies come from it), in route order.
    /// </summary>
    public HostPiece PieceOf(CoreVirtualHost host)
    {
        var policies = new List<LoadBalancerPolicy?>();
        foreach (var route in host.Routes)
        {
            if (route.Action.Forward is { } forward)
            {
                foreach (var cluster in forward.Clusters)
                {
                    policies.Add(_clusters.TryGetValue(cluster.ClusterName, out var upstream) ? upstream.LoadBalancing : null);
                }
            }
        }

        return new HostPiece(host, policies.ToEquatableArray());
    }

    /// <summary>The plain-HTTP view of a host: routes of TLS hosts may redirect or be left out.</summary>
    public EnvoyVirtualHost Insecure(CoreVirtualHost host)
    {
        var result = NewVirtualHost(host);
        foreach (var route in host.Routes)
        {
            if ((host.Tls is null && host.TcpProxy is null) || route.Insecure == InsecurePolicy.Allow)
            {
                result.Routes.Add(Translate(route));
            }
            else if (route.Insecure == InsecurePolicy.RedirectToHttps)
            {
                var redirect = new EnvoyRoute { Match = Match(route.Match), Redirect = new EnvoyRedirectAction { HttpsRedirect = true } };
                result.Routes.Add(redirect);
            }
        }

        return result;
    }

    /// <summary>The view of a host on its own TLS filter chain: every route.</summary>
    public EnvoyVirtualHost Secure(CoreVirtualHost host)
    {
        var result = NewVirtualHost(host);
        foreach (var route in host.Routes)
        {
            result.Routes.Add(Translate(route));
        }

        return result;
    }

    private EnvoyVirtualHost NewVirtualHost(CoreVirtualHost host)
    {
        var result = new EnvoyVirtualHost { Name = host.Name };
        result.Domains.Add(host.Name);
        if (host.Name != "*" && _flavor == ResourceFlavor.Envoy)
        {
            // Host headers may carry a port.
            result.Domains.Add(host.Name + ":*");
        }

        return result;
    }

    private EnvoyRoute Translate(CoreRoute route)
    {
        var result = new EnvoyRoute { Match = Match(route.Match) };
        var action = route.Action;
        if (action.Forward is { } forward)
        {
            result.Route_ = Forward(forward);
            ApplyHeaders(result, forward);
        }
        else if (action.Redirect is { } redirect)
        {
            result.Redirect = Redirect(redirect);
        }
        else
        {
            var direct = action.DirectResponse ?? CoreRouteAction.ServiceUnavailable.DirectResponse!;
            result.DirectResponse = DirectResponse(direct);
        }

        return result;
    }

    private EnvoyRouteMatch Match(Gimbal.Core.Routing.RouteMatch match)
    {
        var result = new EnvoyRouteMatch();
        var path = string.IsNullOrEmpty(match.Path) ? "/" : match.Path;
        switch (match.PathKind)
        {
            case PathMatchKind.Exact:
                result.Path = path;
                break;
            case PathMatchKind.Regex:
                result.SafeRegex = new RegexMatcher { Regex = path };
                break;
            default:
                // Segment-wise prefixes; gRPC clients only know plain prefixes, and gRPC paths
                // ("/package.Service/Method") make the two equivalent.
                if (path == "/" || path.EndsWith('/') || _flavor == ResourceFlavor.Grpc)
                {
                    result.Prefix = path;
                }
                else
                {
                    result.PathSeparatedPrefix = path;
                }

                break;
        }

        foreach (var header in match.Headers)
        {
            result.Headers.Add(Header(header));
        }

        return result;
    }

    private static HeaderMatcher Header(HeaderMatch header)
    {
        var result = new HeaderMatcher { Name = header.Name };
        switch (header.Kind)
        {
            case HeaderMatchKind.Contains:
                result.StringMatch = new StringMatcher { Contains = header.Value ?? string.Empty };
                break;
            case HeaderMatchKind.Present:
                result.PresentMatch = true;
                break;
            case HeaderMatchKind.NotPresent:
                result.PresentMatch = true;
                result.InvertMatch = true;
                break;
            case HeaderMatchKind.NotContains:
                result.StringMatch = new StringMatcher { Contains = header.Value ?? string.Empty };
                result.InvertMatch = true;
                break;
            case HeaderMatchKind.NotExact:
                result.StringMatch = new StringMatcher { Exact = header.Value ?? string.Empty };
                result.InvertMatch = true;
                break;
            default:
                result.StringMatch = new StringMatcher { Exact = header.Value ?? string.Empty };
                break;
        }

        return result;
    }

    private EnvoyRouteAction Forward(ForwardAction forward)
    {
        var result = new EnvoyRouteAction();
        if (forward.Clusters.Count == 1 && !ForwardFeatures.NeedsWeightedClusters(forward, _flavor))
        {
            result.Cluster = forward.Clusters[0].ClusterName;
        }
        else
        {
            var weighted = new Envoy.Config.Route.V3.WeightedCluster();
            foreach (var cluster in forward.Clusters)
            {
                weighted.Clusters.Add(ForwardFeatures.ClusterWeight(cluster, _flavor));
            }

            result.WeightedClusters = weighted;
        }

        foreach (var cluster in forward.Clusters)
        {
            if (_clusters.TryGetValue(cluster.ClusterName, out var upstream) && HashPolicy(upstream.LoadBalancing) is { } hash)
            {
                result.HashPolicy.Add(hash);
                break;
            }
        }

        if (_flavor == ResourceFlavor.Grpc)
        {
            return result;
        }

        ForwardFeatures.AddMirrors(result, forward, _flavor);
        if (forward.Timeouts is { } timeouts)
        {
            if (timeouts.Request is { } request)
            {
                result.Timeout = Duration.FromTimeSpan(request);
            }

            if (timeouts.Idle is { } idle)
            {
                result.IdleTimeout = Duration.FromTimeSpan(idle);
            }
        }

        if (forward.Retry is { } retry)
        {
            result.RetryPolicy = Retry(retry);
        }

        if (forward.Websockets)
        {
            result.UpgradeConfigs.Add(new EnvoyRouteAction.Types.UpgradeConfig { UpgradeType = "websocket" });
        }

        if (!string.IsNullOrEmpty(forward.PrefixRewrite))
        {
            result.PrefixRewrite = forward.PrefixRewrite;
        }

        return result;
    }

    private static EnvoyRouteAction.Types.HashPolicy? HashPolicy(LoadBalancerPolicy policy)
    {
        if (policy.Strategy != LoadBalancingStrategy.RingHash)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(policy.HashHeader))
        {
            return new EnvoyRouteAction.Types.HashPolicy
            {
                Header = new EnvoyRouteAction.Types.HashPolicy.Types.Header { HeaderName = policy.HashHeader },
            };
        }

        if (!string.IsNullOrEmpty(policy.HashCookie))
        {
            return new EnvoyRouteAction.Types.HashPolicy
            {
                Cookie = new EnvoyRouteAction.Types.HashPolicy.Types.Cookie { Name = policy.HashCookie },
            };
        }

        return null;
    }

    private static EnvoyRetryPolicy Retry(CoreRetryPolicy retry)
    {
        var result = new EnvoyRetryPolicy
        {
            RetryOn = retry.RetryOn.IsEmpty ? "5xx" : string.Join(',', retry.RetryOn),
            NumRetries = (uint)Math.Max(0, retry.Count),
        };
        if (retry.PerTryTimeout is { } perTry)
        {
            result.PerTryTimeout = Duration.FromTimeSpan(perTry);
        }

        return result;
    }

    private void ApplyHeaders(EnvoyRoute route, ForwardAction forward)
    {
        if (_flavor == ResourceFlavor.Grpc)
        {
            return;
        }

        if (forward.RequestHeaders is { } request)
        {
            route.RequestHeadersToAdd.AddRange(request.Set.Select(Overwrite));
            route.RequestHeadersToRemove.AddRange(request.Remove);
        }

        if (forward.ResponseHeaders is { } response)
        {
            route.ResponseHeadersToAdd.AddRange(response.Set.Select(Overwrite));
            route.ResponseHeadersToRemove.AddRange(response.Remove);
        }
    }

    private static HeaderValueOption Overwrite(Gimbal.Core.Routing.HeaderValue header) => new()
    {
        Header = new Envoy.Config.Core.V3.HeaderValue { Key = header.Name, Value = header.Value },
        AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
    };

    private static EnvoyRedirectAction Redirect(CoreRedirectAction redirect)
    {
        var result = new EnvoyRedirectAction
        {
            ResponseCode = redirect.StatusCode switch
            {
                302 => EnvoyRedirectAction.Types.RedirectResponseCode.Found,
                303 => EnvoyRedirectAction.Types.RedirectResponseCode.SeeOther,
                307 => EnvoyRedirectAction.Types.RedirectResponseCode.TemporaryRedirect,
                308 => EnvoyRedirectAction.Types.RedirectResponseCode.PermanentRedirect,
                _ => EnvoyRedirectAction.Types.RedirectResponseCode.MovedPermanently,
            },
        };
        if (redirect.Scheme is { Length: > 0 } scheme)
        {
            result.SchemeRedirect = scheme;
        }

        if (redirect.Host is { Length: > 0 } host)
        {
            result.HostRedirect = host;
        }

        if (redirect.Port is { } port and > 0 and <= 65535)
        {
            result.PortRedirect = (uint)port;
        }

        if (redirect.Path is { Length: > 0 } path)
        {
            result.PathRedirect = path;
        }
        else if (redirect.PrefixRewrite is { Length: > 0 } prefix)
        {
            result.PrefixRewrite = prefix;
        }

        return result;
    }

    private static EnvoyDirectResponseAction DirectResponse(CoreDirectResponseAction direct)
    {
        var result = new EnvoyDirectResponseAction { Status = (uint)(direct.StatusCode is >= 200 and < 600 ? direct.StatusCode : 503) };
        if (direct.Body is { Length: > 0 } body)
        {
            result.Body = new DataSource { InlineString = body };
        }

        return result;
    }
}

/// <summary>Everything a virtual host's route translation is made from: equal pieces give equal messages.</summary>
internal readonly record struct HostPiece(CoreVirtualHost Host, EquatableArray<LoadBalancerPolicy?> ClusterPolicies);
