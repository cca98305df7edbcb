using YamlDotNet.Serialization;

namespace Gimbal.Kubernetes.Configuration;

// The kubeconfig file's YAML shape. Mutable because YamlDotNet fills it in; never exposed.

internal sealed class KubeconfigDocument
{
    [YamlMember(Alias = "current-context")]
    public string? CurrentContext { get; set; }

    public List<NamedEntry<ClusterEntry>>? Clusters { get; set; }

    public List<NamedEntry<UserEntry>>? Users { get; set; }

    public List<NamedEntry<ContextEntry>>? Contexts { get; set; }
}

internal sealed class NamedEntry<T>
    where T : class
{
    public string? Name { get; set; }

    [YamlMember(Alias = "cluster")]
    public T? Cluster { get; set; }

    [YamlMember(Alias = "user")]
    public T? User { get; set; }

    [YamlMember(Alias = "context")]
    public T? Context { get; set; }

    public T? Value => Cluster ?? User ?? Context;
}

internal sealed class ClusterEntry
{
    public string? Server { get; set; }

    [YamlMember(Alias = "certificate-authority")]
    public string? CertificateAuthority { get; set; }

    [YamlMember(Alias = "certificate-authority-data")]
    public string? CertificateAuthorityData { get; set; }

    [YamlMember(Alias = "insecure-skip-tls-verify")]
    public bool InsecureSkipTlsVerify { get; set; }

    [YamlMember(Alias = "tls-server-name")]
    public string? TlsServerName { get; set; }
}

internal sealed class UserEntry
{
    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    [YamlMember(Alias = "client-certificate")]
    public string? ClientCertificate { get; set; }

    [YamlMember(Alias = "client-certificate-data")]
    public string? ClientCertificateData { get; set; }

    [YamlMember(Alias = "client-key")]
    public string? ClientKey { get; set; }

    [YamlMember(Alias = "client-key-data")]
    public string? ClientKeyData { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public ExecEntry? Exec { get; set; }

    [YamlMember(Alias = "auth-provider")]
    public Dictionary<string, object>? AuthProvider { get; set; }
}

internal sealed class ExecEntry
{
    public string? Command { get; set; }

    public List<string>? Args { get; set; }

    public List<EnvEntry>? Env { get; set; }

    public string? ApiVersion { get; set; }

    public string? InstallHint { get; set; }

    public bool ProvideClusterInfo { get; set; }

    public string? InteractiveMode { get; set; }
}

internal sealed class EnvEntry
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class ContextEntry
{
    public string? Cluster { get; set; }

    public string? User { get; set; }

    public string? Namespace { get; set; }
}
