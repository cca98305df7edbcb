namespace Gimbal.Core.Kubernetes;

/// <summary>core/v1 Secret. <see cref="Data"/> values are base64 on the wire.</summary>
public sealed record Secret : KubernetesObject
{
    public const string TlsType = "kubernetes.io/tls";
    public const string TlsCertKey = "tls.crt";
    public const string TlsPrivateKeyKey = "tls.key";

    public Secret()
    {
        ApiVersion = "v1";
        Kind = "Secret";
    }

    public string? Type { get; init; }
    public IReadOnlyDictionary<string, byte[]>? Data { get; init; }
    public IReadOnlyDictionary<string, string>? StringData { get; init; }
    public bool? Immutable { get; init; }
}
