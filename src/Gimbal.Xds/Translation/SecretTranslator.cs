using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Gimbal.Xds.Translation;

/// <summary>Certificates become SDS secrets; the private key only ever lives in the message bytes sent to the proxy.</summary>
internal static class SecretTranslator
{
    public static Secret Translate(Gimbal.Core.Routing.TlsCertificate certificate) => new()
    {
        Name = certificate.Name,
        TlsCertificate = new Envoy.Extensions.TransportSockets.Tls.V3.TlsCertificate
        {
            CertificateChain = new DataSource { InlineString = certificate.CertificatePem },
            PrivateKey = new DataSource { InlineString = certificate.PrivateKeyPem },
        },
    };
}
