using Microsoft.AspNetCore.Http;

namespace Gimbal.Xds.Grpc;

/// <summary>What a service may know about its call (the shape of Grpc.Core.ServerCallContext).</summary>
public sealed class ServerCallContext
{
    private readonly HttpContext _httpContext;

    internal ServerCallContext(HttpContext httpContext, string method, DateTime deadline, CancellationToken cancellationToken)
    {
        _httpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>"/package.Service/Method".</summary>
    public string Method { get; }

    /// <summary>"ipv4:127.0.0.1:5555" style, as gRPC prints peers.</summary>
    public string Peer => _httpContext.Connection.RemoteIpAddress is { } ip
        ? $"{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4")}:{ip}:{_httpContext.Connection.RemotePort}"
        : "unknown";

    /// <summary>From grpc-timeout; <see cref="DateTime.MaxValue"/> when the client set none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the peer goes away or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The client certificate of an mTLS connection, if any.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate => _httpContext.Connection.ClientCertificate;

    /// <summary>The ASP.NET Core request the call runs on (connection details, request headers, features).</summary>
    public HttpContext GetHttpContext() => _httpContext;
}
