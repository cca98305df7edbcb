using Gimbal.Yarp.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Kestrel wiring for Gimbal's SNI certificate selection.</summary>
public static class GimbalTlsListenOptionsExtensions
{
    /// <summary>Terminates TLS on this listener with the certificates of the current route table (TLS 1.2 minimum).</summary>
    public static ListenOptions UseGimbalTls(this ListenOptions listenOptions, GimbalCertificateSelector selector)
    {
        listenOptions.Protocols = HttpProtocols.Http1AndHttp2;
        return listenOptions.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(selector.Select(context.ClientHelloInfo.ServerName)),
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }
}
