using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Gimbal.Yarp.Mirroring;

/// <summary>
/// What a mirror copy needs of a request, taken while the request is live: the copy is sent after
/// (or while) the primary request completes, when its HttpContext may already be reused.
/// </summary>
internal sealed class MirroredRequest
{
    private readonly string _method;
    private readonly string _scheme;
    private readonly HostString _host;
    private readonly PathString _pathBase;
    private readonly PathString _path;
    private readonly QueryString _query;
    private readonly KeyValuePair<string, StringValues>[] _headers;
    private readonly IPAddress? _remoteAddress;
    private readonly byte[]? _body;

    public MirroredRequest(HttpRequest request, byte[]? body)
    {
        _method = request.Method;
        _scheme = request.Scheme;
        _host = request.Host;
        _pathBase = request.PathBase;
        _path = request.Path;
        _query = request.QueryString;
        _headers = request.Headers.ToArray();
        _remoteAddress = request.HttpContext.Connection.RemoteIpAddress;
        _body = body;
    }

    /// <summary>The Host header the client sent.</summary>
    public string Host => _host.Value ?? string.Empty;

    /// <summary>A fresh context for the forwarder: the request copied, the response going nowhere.</summary>
    public HttpContext CreateContext()
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = _method;
        request.Scheme = _scheme;
        request.Host = _host;
        request.PathBase = _pathBase;
        request.Path = _path;
        request.QueryString = _query;
        request.Protocol = HttpProtocol.Http11;
        foreach (var (name, value) in _headers)
        {
            request.Headers[name] = value;
        }

        context.Connection.RemoteIpAddress = _remoteAddress;
        request.Body = _body is null ? Stream.Null : new MemoryStream(_body, writable: false);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(_body is not null));
        return context;
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }
}
