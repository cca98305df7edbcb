using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gimbal.Kubernetes.Credentials;

namespace Gimbal.Kubernetes.Configuration;

/// <summary>One or more merged kubeconfig files; each entry remembers the file that defined it.</summary>
public sealed class Kubeconfig
{
    private readonly Dictionary<string, (ClusterEntry Entry, string File)> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (UserEntry Entry, string File)> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ContextEntry Entry, string File)> _contexts = new(StringComparer.Ordinal);
    private string? _currentContextFile;

    /// <summary>The current-context of the first file that sets one; null when none does.</summary>
    public string? CurrentContext { get; private set; }

    /// <summary>The names of all contexts across the merged files.</summary>
    public IReadOnlyCollection<string> Contexts => _contexts.Keys;

    /// <summary>The names of all clusters across the merged files.</summary>
    public IReadOnlyCollection<string> Clusters => _clusters.Keys;

    /// <summary>The names of all users across the merged files.</summary>
    public IReadOnlyCollection<string> Users => _users.Keys;

    /// <summary>The server of a context's cluster, or null.</summary>
    public string? ServerOf(string context) =>
        _contexts.TryGetValue(context, out var c) && c.Entry.Cluster is { } name && _clusters.TryGetValue(name, out var cluster) ? cluster.Entry.Server : null;

    /// <summary>The user name of a context, or null.</summary>
    public string? UserOf(string context) => _contexts.TryGetValue(context, out var c) ? c.Entry.User : null;

    internal void Merge(KubeconfigDocument document, string file)
    {
        if (CurrentContext is null && !string.IsNullOrEmpty(document.CurrentContext))
        {
            CurrentContext = document.CurrentContext;
            _currentContextFile = file;
        }

        AddAll(document.Clusters, _clusters, file, "clusters");
        AddAll(document.Users, _users, file, "users");
        AddAll(document.Contexts, _contexts, file, "contexts");
    }

    /// <summary>The configuration of a context (the current one when <paramref name="context"/> is null).</summary>
    public KubernetesClientConfiguration ToConfiguration(string? context = null)
    {
        var name = context ?? CurrentContext
            ?? throw new KubeconfigException("kubeconfig: current-context is not set and no context was named");
        if (!_contexts.TryGetValue(name, out var ctx))
        {
            var where = context is null ? $"kubeconfig {_currentContextFile}: current-context" : "kubeconfig";
            throw new KubeconfigException($"{where}: context \"{name}\" not found (known: {string.Join(", ", _contexts.Keys.Order(StringComparer.Ordinal))})");
        }

        var contextField = $"kubeconfig {ctx.File}: contexts[name={name}].context";
        if (string.IsNullOrEmpty(ctx.Entry.Cluster) || !_clusters.TryGetValue(ctx.Entry.Cluster, out var cluster))
        {
            throw new KubeconfigException($"{contextField}.cluster: cluster \"{ctx.Entry.Cluster}\" not found");
        }

        UserEntry user = new();
        var userFile = ctx.File;
        if (!string.IsNullOrEmpty(ctx.Entry.User))
        {
            if (!_users.TryGetValue(ctx.Entry.User, out var found))
            {
                throw new KubeconfigException($"{contextField}.user: user \"{ctx.Entry.User}\" not found");
            }

            (user, userFile) = found;
        }

        var clusterField = $"kubeconfig {cluster.File}: clusters[name={ctx.Entry.Cluster}].cluster";
        var userField = $"kubeconfig {userFile}: users[name={ctx.Entry.User}].user";
        var server = cluster.Entry.Server;
        if (string.IsNullOrEmpty(server) || !Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("https" or "http"))
        {
            throw new KubeconfigException($"{clusterField}.server: \"{server}\" is not an http(s) URL");
        }

        var authorities = new X509Certificate2Collection();
        var caPem = Text(cluster.Entry.CertificateAuthorityData, cluster.Entry.CertificateAuthority, cluster.File, $"{clusterField}.certificate-authority");
        if (caPem is not null)
        {
            try
            {
                authorities.ImportFromPem(caPem);
            }
            catch (CryptographicException e)
            {
                throw new KubeconfigException($"{clusterField}.certificate-authority: not a PEM certificate: {e.Message}", e);
            }

            if (authorities.Count == 0)
            {
                throw new KubeconfigException($"{clusterField}.certificate-authority: no PEM certificate found");
            }
        }

        return new KubernetesClientConfiguration
        {
            Server = serverUri,
            Name = name,
            Namespace = string.IsNullOrEmpty(ctx.Entry.Namespace) ? "default" : ctx.Entry.Namespace,
            CertificateAuthorities = authorities,
            InsecureSkipTlsVerify = cluster.Entry.InsecureSkipTlsVerify,
            TlsServerName = string.IsNullOrEmpty(cluster.Entry.TlsServerName) ? null : cluster.Entry.TlsServerName,
            ClientCertificate = ClientCertificate(user, userFile, userField),
            Credentials = Credentials(user, userFile, userField),
        };
    }

    private static X509Certificate2? ClientCertificate(UserEntry user, string file, string field)
    {
        var certPem = Text(user.ClientCertificateData, user.ClientCertificate, file, $"{field}.client-certificate");
        var keyPem = Text(user.ClientKeyData, user.ClientKey, file, $"{field}.client-key");
        if (certPem is null && keyPem is null)
        {
            return null;
        }

        if (certPem is null || keyPem is null)
        {
            var missing = certPem is null ? "client-certificate" : "client-key";
            throw new KubeconfigException($"{field}.{missing}: required when {(certPem is null ? "client-key" : "client-certificate")} is set");
        }

        try
        {
            return X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (CryptographicException e)
        {
            throw new KubeconfigException($"{field}.client-certificate/client-key: cannot load the certificate and key: {e.Message}", e);
        }
    }

    private static IKubernetesCredentials? Credentials(UserEntry user, string file, string field)
    {
        if (user.AuthProvider is not null)
        {
            throw new KubeconfigException($"{field}.auth-provider: auth providers are not supported; use an exec plugin");
        }

        if (!string.IsNullOrEmpty(user.Token))
        {
            return StaticCredentials.BearerToken(user.Token);
        }

        if (!string.IsNullOrEmpty(user.TokenFile))
        {
            var path = Resolve(user.TokenFile, file);
            if (!File.Exists(path))
            {
                throw new KubeconfigException($"{field}.tokenFile: {path} does not exist");
            }

            return new TokenFileCredentials(path);
        }

        if (user.Exec is { } exec)
        {
            if (string.IsNullOrEmpty(exec.Command))
            {
                throw new KubeconfigException($"{field}.exec.command: required");
            }

            if (exec.ApiVersion != ExecCredentials.V1)
            {
                throw new KubeconfigException($"{field}.exec.apiVersion: \"{exec.ApiVersion}\" is not supported (only {ExecCredentials.V1})");
            }

            return new ExecCredentials(new ExecConfig
            {
                Command = exec.Command,
                Args = exec.Args ?? [],
                Env = (exec.Env ?? []).Where(e => e.Name is not null).ToDictionary(e => e.Name!, e => e.Value ?? string.Empty, StringComparer.Ordinal),
                ApiVersion = exec.ApiVersion,
                InstallHint = exec.InstallHint,
                WorkingDirectory = Path.GetDirectoryName(file),
            });
        }

        if (!string.IsNullOrEmpty(user.Username) || !string.IsNullOrEmpty(user.Password))
        {
            if (string.IsNullOrEmpty(user.Username))
            {
                throw new KubeconfigException($"{field}.username: required when password is set");
            }

            return StaticCredentials.Basic(user.Username, user.Password ?? string.Empty);
        }

        return null;
    }

    /// <summary>The inline base64 data, else the file's text; null when neither is set.</summary>
    private static string? Text(string? data, string? path, string file, string field)
    {
        if (!string.IsNullOrEmpty(data))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException e)
            {
                throw new KubeconfigException($"{field}-data: not valid base64", e);
            }
        }

        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var resolved = Resolve(path, file);
        if (!File.Exists(resolved))
        {
            throw new KubeconfigException($"{field}: {resolved} does not exist");
        }

        return File.ReadAllText(resolved);
    }

    private static string Resolve(string path, string file) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file) ?? ".", path));

    private static void AddAll<T>(List<NamedEntry<T>>? entries, Dictionary<string, (T, string)> into, string file, string section)
        where T : class, new()
    {
        if (entries is null)
        {
            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (string.IsNullOrEmpty(entry.Name))
            {
                throw new KubeconfigException($"kubeconfig {file}: {section}[{i}].name: required");
            }

            into.TryAdd(entry.Name, (entry.Value ?? new T(), file));
        }
    }
}
