using System.Security.Cryptography.X509Certificates;
using Gimbal.Kubernetes.Credentials;

namespace Gimbal.Kubernetes.Configuration;

/// <summary>The configuration of a pod: KUBERNETES_SERVICE_HOST/PORT, and the mounted service-account token, CA and namespace.</summary>
public static class InClusterConfiguration
{
    /// <summary>Where Kubernetes mounts a pod's service-account token, ca.crt and namespace.</summary>
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>True when running in a pod: KUBERNETES_SERVICE_HOST is set and the token file exists.</summary>
    /// <param name="environment">Reads an environment variable; null reads the process environment.</param>
    /// <param name="directory">The service-account directory.</param>
    public static bool IsAvailable(Func<string, string?>? environment = null, string directory = DefaultDirectory)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")) && File.Exists(Path.Combine(directory, "token"));
    }

    /// <summary>
    /// The configuration of the pod's API server, authenticated by the service-account token (re-read when it rotates)
    /// and trusting ca.crt; throws <see cref="KubeconfigException"/> when the variables or the token are missing.
    /// </summary>
    /// <param name="directory">The service-account directory, normally <see cref="DefaultDirectory"/>.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static KubernetesClientConfiguration Load(string directory, Func<string, string?> environment)
    {
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeconfigException("in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
        }

        var tokenPath = Path.Combine(directory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new KubeconfigException($"in-cluster configuration: token file {tokenPath} does not exist");
        }

        var authorities = new X509Certificate2Collection();
        var caPath = Path.Combine(directory, "ca.crt");
        if (File.Exists(caPath))
        {
            authorities.ImportFromPemFile(caPath);
        }

        var namespacePath = Path.Combine(directory, "namespace");
        var ns = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "default";
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new KubernetesClientConfiguration
        {
            Server = new Uri($"https://{hostPart}:{port}/"),
            Name = "in-cluster",
            Namespace = ns,
            CertificateAuthorities = authorities,
            Credentials = new TokenFileCredentials(tokenPath),
        };
    }
}
