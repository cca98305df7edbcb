using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Serialization;

namespace Gimbal.Kubernetes.Credentials;

/// <summary>A kubeconfig users[].user.exec entry.</summary>
public sealed record ExecConfig
{
    /// <summary>The plugin to run: a name looked up on PATH, or a path (relative paths against <see cref="WorkingDirectory"/>).</summary>
    public required string Command { get; init; }
    /// <summary>The plugin's command-line arguments; empty by default.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>Environment variables set for the plugin on top of this process's own; empty by default.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    /// <summary>The ExecCredential apiVersion the plugin speaks; only <see cref="ExecCredentials.V1"/> is supported.</summary>
    public string ApiVersion { get; init; } = ExecCredentials.V1;
    /// <summary>Text shown in the error when the plugin cannot be run, telling the user how to install it; null for none.</summary>
    public string? InstallHint { get; init; }

    /// <summary>Where relative commands are resolved, as kubectl does: the kubeconfig file's folder.</summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>
/// Runs a client.authentication.k8s.io/v1 exec credential plugin and caches what it answers (a
/// token, or a client certificate and key) until status.expirationTimestamp or a 401, as kubectl does.
/// </summary>
public sealed class ExecCredentials(ExecConfig config, TimeProvider? clock = null) : IKubernetesCredentials
{
    /// <summary>The ExecCredential apiVersion supported: client.authentication.k8s.io/v1.</summary>
    public const string V1 = "client.authentication.k8s.io/v1";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthenticationHeaderValue? _header;
    private X509Certificate2? _certificate;
    private bool _valid;
    private DateTimeOffset? _expires;

    /// <summary>The client certificate the plugin answered, if it answers certificates.</summary>
    public X509Certificate2? ClientCertificate => _certificate;

    /// <summary>Raised when the plugin answered a different certificate: connections made with the old one must close.</summary>
    public event Action? CertificateRotated;

    /// <summary>How many times the plugin ran (for diagnostics and tests).</summary>
    public int Runs { get; private set; }

    /// <summary>
    /// The cached bearer token, running the plugin first when nothing is cached, the cache was invalidated or the answer expired;
    /// null when the plugin answers only a client certificate. Safe to call concurrently: one run serves all waiting callers.
    /// Throws <see cref="InvalidOperationException"/> when the plugin fails or answers something unusable.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the plugin.</param>
    public async ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken)
    {
        if (IsCurrent())
        {
            return _header;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsCurrent())
            {
                return _header;
            }

            var credential = await RunAsync(cancellationToken);
            _header = credential.Token is { Length: > 0 } token ? new AuthenticationHeaderValue("Bearer", token) : null;
            _expires = credential.ExpirationTimestamp;
            UseCertificate(credential);
            _valid = true;
            return _header;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached answer, so the next request runs the plugin again (called after a 401).</summary>
    public void Invalidate() => _valid = false;

    private bool IsCurrent() => _valid && (_expires is null || _expires > _clock.GetUtcNow());

    private void UseCertificate(ExecCredentialStatus status)
    {
        if (status.ClientCertificateData is not { Length: > 0 } certificatePem || status.ClientKeyData is not { Length: > 0 } keyPem)
        {
            return;
        }

        using var pem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        if (_certificate is { } old && old.RawDataMemory.Span.SequenceEqual(pem.RawDataMemory.Span))
        {
            return;
        }

        // Exported and loaded again: a PEM-created key is ephemeral, which TLS on Linux cannot use for client auth.
        _certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        CertificateRotated?.Invoke();
    }

    private async Task<ExecCredentialStatus> RunAsync(CancellationToken cancellationToken)
    {
        if (config.ApiVersion != V1)
        {
            throw new InvalidOperationException($"exec plugin {config.Command}: apiVersion {config.ApiVersion} is not supported (only {V1})");
        }

        var command = config.Command;
        if (config.WorkingDirectory is not null && command.Contains('/', StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(command))
        {
            command = System.IO.Path.GetFullPath(System.IO.Path.Combine(config.WorkingDirectory, command));
        }

        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in config.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in config.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = $"{{\"apiVersion\":\"{V1}\",\"kind\":\"ExecCredential\",\"spec\":{{\"interactive\":false}}}}";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"exec plugin {command} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var hint = config.InstallHint is { Length: > 0 } h ? $" ({h.Trim()})" : string.Empty;
            throw new InvalidOperationException($"exec plugin {command} could not be run: {e.Message}{hint}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            Runs++;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"exec plugin {command} exited with {process.ExitCode}: {(await stderr).Trim()}");
            }

            ExecCredential? credential;
            try
            {
                credential = JsonSerializer.Deserialize(await stdout, ClientJsonContext.Default.ExecCredential);
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"exec plugin {command} wrote output that is not an ExecCredential: {e.Message}", e);
            }

            if (credential?.ApiVersion != config.ApiVersion || credential.Kind != "ExecCredential")
            {
                throw new InvalidOperationException($"exec plugin {command} answered apiVersion {credential?.ApiVersion}, kind {credential?.Kind}; expected {config.ApiVersion}, ExecCredential");
            }

            var status = credential.Status;
            var hasCertificate = status?.ClientCertificateData is { Length: > 0 } && status.ClientKeyData is { Length: > 0 };
            if (status?.Token is not { Length: > 0 } && !hasCertificate)
            {
                throw new InvalidOperationException($"exec plugin {command}: status has neither token nor clientCertificateData + clientKeyData");
            }

            if ((status!.ClientCertificateData is { Length: > 0 }) != (status.ClientKeyData is { Length: > 0 }))
            {
                throw new InvalidOperationException($"exec plugin {command}: status.clientCertificateData and status.clientKeyData go together");
            }

            return status;
        }
    }
}

/// <summary>What an exec plugin writes to stdout.</summary>
internal sealed record ExecCredential
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public ExecCredentialStatus? Status { get; init; }
}

/// <summary>ExecCredential.status.</summary>
internal sealed record ExecCredentialStatus
{
    public string? Token { get; init; }

    [JsonConverter(typeof(Rfc3339JsonConverter))]
    public DateTimeOffset? ExpirationTimestamp { get; init; }

    public string? ClientCertificateData { get; init; }
    public string? ClientKeyData { get; init; }
}
