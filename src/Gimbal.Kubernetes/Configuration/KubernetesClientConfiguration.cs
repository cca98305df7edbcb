using System.Security.Cryptography.X509Certificates;
using Gimbal.Kubernetes.Credentials;

namespace Gimbal.Kubernetes.Configuration;

/// <summary>
/// Everything needed to talk to one API server: where it is, how to trust it, who we are, how fast we may go.
/// Built from a kubeconfig (<see cref="FromKubeconfig"/>), from in-cluster files (<see cref="InCluster"/>), or by hand.
/// </summary>
public sealed record KubernetesClientConfiguration
{
    /// <summary>The API server's base URL, e.g. https://10.0.0.1:6443/.</summary>
    public required Uri Server { get; init; }

    /// <summary>A name for logs and metrics (the kubeconfig context, or "in-cluster").</summary>
    public string Name { get; init; } = "default";

    /// <summary>The namespace of the kubeconfig context (or the service account's), for callers that want a default.</summary>
    public string? Namespace { get; init; }

    /// <summary>CAs to trust for the server's certificate; the system store when empty.</summary>
    public X509Certificate2Collection CertificateAuthorities { get; init; } = [];

    /// <summary>Accepts any server certificate. For tests only: it removes protection against a man in the middle.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name the server's certificate is checked against instead of the host in <see cref="Server"/>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>The client certificate (with its private key) presented for mutual TLS; null presents none.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Supplies the Authorization header of each request (token, basic or exec plugin); null sends none.</summary>
    public IKubernetesCredentials? Credentials { get; init; }

    /// <summary>Requests per second allowed on average (0 or less: unlimited), as --gimbal-client-qps.</summary>
    public double Qps { get; init; } = 5;

    /// <summary>Requests allowed in a burst, as --gimbal-client-burst.</summary>
    public int Burst { get; init; } = 10;

    /// <summary>Timeout of one non-watch request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a request answered 429 or 5xx with Retry-After.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The longest Retry-After honoured; longer waits are cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The User-Agent header of every request, as seen in the API server's audit log.</summary>
    public string UserAgent { get; init; } = "gimbal/0.1.0";

    /// <summary>The configuration of a kubeconfig context, by kubectl's rules; throws <see cref="KubeconfigException"/> when it cannot be used.</summary>
    /// <param name="path">One kubeconfig file; null reads KUBECONFIG or ~/.kube/config.</param>
    /// <param name="context">The context to use; null uses current-context.</param>
    public static KubernetesClientConfiguration FromKubeconfig(string? path = null, string? context = null) =>
        KubeconfigLoader.Load(path is null ? KubeconfigLoader.DefaultPaths() : [path]).ToConfiguration(context);

    /// <summary>The configuration of the pod's own API server; see <see cref="InClusterConfiguration.Load"/>.</summary>
    /// <param name="serviceAccountDirectory">Where the service-account token, ca.crt and namespace are mounted.</param>
    /// <param name="environment">Reads an environment variable; null reads the process environment.</param>
    public static KubernetesClientConfiguration InCluster(string serviceAccountDirectory = InClusterConfiguration.DefaultDirectory, Func<string, string?>? environment = null) =>
        InClusterConfiguration.Load(serviceAccountDirectory, environment ?? Environment.GetEnvironmentVariable);
}
