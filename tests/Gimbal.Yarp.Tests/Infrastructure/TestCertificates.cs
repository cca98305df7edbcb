using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Routing;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>Self-signed certificates made in the test, as PEM the way a kubernetes.io/tls Secret holds them.</summary>
public static class TestCertificates
{
    public static TlsCertificate Create(string secretName, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return new TlsCertificate
        {
            Name = secretName,
            CertificatePem = certificate.ExportCertificatePem(),
            PrivateKeyPem = key.ExportPkcs8PrivateKeyPem(),
        };
    }

    public static X509Certificate2 ToX509(TlsCertificate certificate)
    {
        using var pem = X509Certificate2.CreateFromPem(certificate.CertificatePem, certificate.PrivateKeyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
