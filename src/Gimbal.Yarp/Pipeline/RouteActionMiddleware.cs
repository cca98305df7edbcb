using System.Globalization;
using Gimbal.Core.Routing;
using Gimbal.Yarp.Matching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gimbal.Yarp.Pipeline;

/// <summary>
/// Everything a matched route does besides forwarding: plain-HTTP policy of TLS hosts, redirects,
/// direct responses, a plain 503 when no cluster of the route exists, and refusing upgrades on
/// routes without websockets. Only forwarding requests reach YARP's load balancer.
/// </summary>
internal sealed class RouteActionMiddleware(RequestDelegate next, IOptionsMonitor<GimbalYarpOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<CompiledRoute>();
        if (route is null)
        {
            return next(context);
        }

        var descriptor = route.Descriptor;
        // Routes that deny plain HTTP never match it (GimbalMatcherPolicy), so only redirects remain here.
        if (descriptor.HostHasTls && !context.Request.IsHttps && descriptor.Route.Insecure == InsecurePolicy.RedirectToHttps)
        {
            return Redirect(context, 301, "https", host: null, port: options.CurrentValue.HttpsRedirectPort, path: null);
        }

        var action = descriptor.Route.Action;
        if (action.Redirect is { } redirect)
        {
            return Redirect(context, redirect.StatusCode, redirect.Scheme, redirect.Host, redirect.Port, redirect.Path ?? PrefixRedirect.Path(redirect, descriptor.Route.Match, context.Request));
        }

        if (action.DirectResponse is { } direct)
        {
            context.Response.StatusCode = direct.StatusCode;
            return direct.Body is { Length: > 0 } body ? context.Response.WriteAsync(body, context.RequestAborted) : Task.CompletedTask;
        }

        if (action.Forward is null || descriptor.ClusterId is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        }

        if (!action.Forward.Websockets && IsUpgrade(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool IsUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.Count > 0 || (HttpMethods.IsConnect(request.Method) && request.Headers.ContainsKey(":protocol"));

    private Task Redirect(HttpContext context, int status, string? scheme, string? host, int? port, string? path)
    {
        var request = context.Request;
        // As Core's RequestMatcher (and Envoy) do: the request's port is not carried over.
        var targetScheme = scheme ?? request.Scheme;
        var targetHost = host ?? HostPattern.HostName(request.Host.Value).ToString().ToLowerInvariant();
        var portPart = port is null || port == (targetScheme == "https" ? 443 : 80) ? string.Empty : ":" + port.Value.ToString(CultureInfo.InvariantCulture);
        var location = $"{targetScheme}://{targetHost}{portPart}{path ?? request.Path.Value}{(path is null ? request.QueryString.Value : string.Empty)}";
        context.Response.StatusCode = status;
        context.Response.Headers[HeaderNames.Location] = location;
        return Task.CompletedTask;
    }
}
