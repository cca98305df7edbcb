using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gimbal.Core.Compilation.Tls;

namespace Gimbal.Core.Tests.Tls;

public sealed class CertificateValidatorTests
{
    private static (string Cert, string Key) Pair(AsymmetricAlgorithm key)
    {
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var request = key switch
        {
            RSA rsa => new CertificateRequest("CN=rsa.example.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest("CN=ec.example.com", ec, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("unsupported", nameof(key)),
        };
        using var cert = request.CreateSelfSigned(now, now.AddYears(10));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public void MatchingRsaAndEcdsaPairsAreValidAndOthersAreNot()
    {
        using var rsa = RSA.Create(2048);
        using var otherRsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (rsaCert, rsaKey) = Pair(rsa);
        var (ecCert, ecKey) = Pair(ec);
        var validator = new CertificateValidator();

        Assert.Null(validator.Validate(rsaCert, rsaKey));
        Assert.Null(validator.Validate(ecCert, ecKey));
        Assert.Null(validator.Validate(rsaCert, rsa.ExportRSAPrivateKeyPem()));
        Assert.Contains("does not belong", validator.Validate(rsaCert, otherRsa.ExportPkcs8PrivateKeyPem()), StringComparison.Ordinal);
        Assert.NotNull(validator.Validate(rsaCert, ecKey));
        Assert.NotNull(validator.Validate(ecCert, rsaKey));
        Assert.NotNull(validator.Validate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", rsaKey));

        // Ending a generation forgets remembered answers, never changes them.
        validator.EndGeneration();
        Assert.Null(validator.Validate(rsaCert, rsaKey));
    }
}
