using Gimbal.Yarp.Tcp;
using Gimbal.Yarp.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Kestrel wiring for Gimbal's SNI certificate selection.</summary>
public static class GimbalTlsListenOptionsExtensions
{
    /// <summary>
    /// Terminates TLS on this listener with the certificates of the current route table (TLS 1.2 minimum),
    /// and serves the table's TCP proxy hosts: TLS passthrough before termination, tcpproxy after.
    /// </summary>
    public static ListenOptions UseGimbalTls(this ListenOptions listenOptions, GimbalCertificateSelector selector)
    {
        listenOptions.Protocols = HttpProtocols.Http1AndHttp2;

        // Resolved at the first connection, not here: the TCP proxy depends on YARP's proxy state,
        // which must not be built while Kestrel is still binding its listeners.
        var services = listenOptions.ApplicationServices;
        var tcpProxy = new Lazy<TcpProxyConnectionMiddleware>(services.GetRequiredService<TcpProxyConnectionMiddleware>);
        listenOptions.Use(next => connection => tcpProxy.Value.BeforeTlsAsync(connection, next));
        listenOptions.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context =>
            {
                var options = selector.Select(context.ClientHelloInfo.ServerName);
                if (tcpProxy.Value.IsTerminatedTcpProxy(context.ClientHelloInfo.ServerName))
                {
                    // Empty, not null: Kestrel fills a null list with the listener's HTTP protocols.
                    options.ApplicationProtocols = [];
                }

                return ValueTask.FromResult(options);
            },
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
        listenOptions.Use(next => connection => tcpProxy.Value.AfterTlsAsync(connection, next));
        return listenOptions;
    }
}
