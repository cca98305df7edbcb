using Yarp.ReverseProxy.Forwarder;

namespace Gimbal.Yarp.Mirroring;

/// <summary>
/// The route's own transforms (headers, prefix rewrite, X-Forwarded-*), then the Host Envoy gives a
/// shadow request; the mirror's response body is never read.
/// </summary>
internal sealed class ShadowTransformer(HttpTransformer route, string shadowHost) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(
        Microsoft.AspNetCore.Http.HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await route.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Host = shadowHost;
    }

    public override ValueTask<bool> TransformResponseAsync(
        Microsoft.AspNetCore.Http.HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken) => new(false);

    /// <summary>"-shadow" goes on the host name, before any port (Envoy does so since 1.6).</summary>
    public static string ShadowHost(string host)
    {
        var colon = host.LastIndexOf(':');
        var bracket = host.LastIndexOf(']');
        return colon > bracket ? $"{host[..colon]}-shadow{host[colon..]}" : host + "-shadow";
    }
}
