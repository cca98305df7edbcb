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
        var tcpProxy = listenOptions.ApplicationServices.GetService<TcpProxyConnectionMiddleware>();
        if (tcpProxy is not null)
        {
            listenOptions.Use(next => connection => tcpProxy.BeforeTlsAsync(connection, next));
        }

        listenOptions.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context =>
            {
                var options = selector.Select(context.ClientHelloInfo.ServerName);
                if (tcpProxy is not null && tcpProxy.IsTerminatedTcpProxy(context.ClientHelloInfo.ServerName))
                {
                    options.ApplicationProtocols = null;
                }

                return ValueTask.FromResult(options);
            },
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
        if (tcpProxy is not null)
        {
            listenOptions.Use(next => connection => tcpProxy.AfterTlsAsync(connection, next));
        }

        return listenOptions;
    }
}
