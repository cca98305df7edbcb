namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Secret. <see cref="Data"/> values are base64 on the wire.</summary>
public sealed record Secret : KubernetesObject
{
    /// <summary>The type of TLS Secrets: "kubernetes.io/tls".</summary>
    public const string TlsType = "kubernetes.io/tls";
    /// <summary>The data key of a TLS Secret's PEM certificate chain: "tls.crt".</summary>
    public const string TlsCertKey = "tls.crt";
    /// <summary>The data key of a TLS Secret's PEM private key: "tls.key".</summary>
    public const string TlsPrivateKeyKey = "tls.key";

    /// <summary>An empty Secret with apiVersion "v1" and kind "Secret" set.</summary>
    public Secret()
    {
        ApiVersion = "v1";
        Kind = "Secret";
    }

    /// <summary>The Secret's type, e.g. <see cref="TlsType"/> or "Opaque" (the default when null).</summary>
    public string? Type { get; init; }
    /// <summary>The values, decoded from base64; null when there are none.</summary>
    public IReadOnlyDictionary<string, byte[]>? Data { get; init; }
    /// <summary>Write-only plain-text values the server merges into <see cref="Data"/>; never returned by reads.</summary>
    public IReadOnlyDictionary<string, string>? StringData { get; init; }
    /// <summary>True when the Secret's data can no longer be changed.</summary>
    public bool? Immutable { get; init; }
}
