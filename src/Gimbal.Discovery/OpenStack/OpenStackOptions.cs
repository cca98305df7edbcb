using Gimbal.Discovery.OpenStack.Identity;

namespace Gimbal.Discovery.OpenStack;

/// <summary>Settings of the OpenStack discoverer (flags of `gimbal-discoverer openstack` and the OS_* variables).</summary>
public sealed record OpenStackOptions
{
    /// <summary>The backend name: gimbal.projectcontour.io/backend and the prefix of mirrored names.</summary>
    public string BackendName { get; init; } = string.Empty;

    /// <summary>How to authenticate to Keystone; usually <see cref="OpenStackCredentials.FromEnvironment"/>.</summary>
    public OpenStackCredentials Credentials { get; init; } = new();

    /// <summary>Project names to discover; empty means every project Keystone lists.</summary>
    public IReadOnlyList<string> ProjectWatchlist { get; init; } = [];

    /// <summary>A PEM file with the CA certificate(s) that sign the OpenStack endpoints' certificates.</summary>
    public string? CertificateAuthorityFile { get; init; }

    /// <summary>How long one HTTP call to OpenStack may take.</summary>
    public TimeSpan HttpClientTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often OpenStack is read and the Gimbal cluster reconciled.</summary>
    public TimeSpan ReconciliationPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these options; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(Credentials.Validate());
        if (!Core.Naming.GimbalNames.IsValidBackendName(BackendName, out var message))
        {
            problems.Add(message);
        }

        if (HttpClientTimeout <= TimeSpan.Zero)
        {
            problems.Add("the HTTP client timeout must be positive");
        }

        if (ReconciliationPeriod <= TimeSpan.Zero)
        {
            problems.Add("the reconciliation period must be positive");
        }

        if (CertificateAuthorityFile is { Length: > 0 } file && !File.Exists(file))
        {
            problems.Add($"the certificate authority file {file} does not exist");
        }

        return problems;
    }
}
