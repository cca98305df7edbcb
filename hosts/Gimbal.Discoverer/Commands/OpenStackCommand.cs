using System.CommandLine;
using Gimbal.Discoverer.Hosting;
using Gimbal.Discovery.DependencyInjection;
using Gimbal.Discovery.OpenStack;
using Gimbal.Discovery.OpenStack.Identity;

namespace Gimbal.Discoverer.Commands;

/// <summary>gimbal-discoverer openstack: mirror OpenStack load balancers; credentials come from the OS_* variables.</summary>
internal static class OpenStackCommand
{
    public static Command Create() => Create(Environment.GetEnvironmentVariable);

    public static Command Create(Func<string, string?> environment)
    {
        var shared = new SharedOptions();
        var period = Duration("--reconciliation-period", "How often OpenStack is read and the Gimbal cluster reconciled, e.g. 30s.", TimeSpan.FromSeconds(30));
        var timeout = Duration("--http-client-timeout", "How long one call to an OpenStack API may take, e.g. 5s.", TimeSpan.FromSeconds(5));
        var certificateAuthority = new Option<string>("--openstack-certificate-authority")
        {
            Description = "PEM file with the CA certificate(s) of the OpenStack endpoints; empty: the system's trust store.",
            DefaultValueFactory = _ => string.Empty,
        };
        var watchlist = new Option<string[]>("--openstack-project-watchlist")
        {
            Description = "Only discover these projects (comma-separated or repeated; default: every project Keystone lists).",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("openstack", "Mirror OpenStack load balancers (Octavia, or Neutron LBaaS v2) into the Gimbal cluster. Credentials: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, … or OS_APPLICATION_CREDENTIAL_ID and _SECRET.");
        shared.AddTo(command);
        command.Options.Add(period);
        command.Options.Add(timeout);
        command.Options.Add(certificateAuthority);
        command.Options.Add(watchlist);
        command.Validators.Add(result =>
        {
            foreach (var problem in OpenStackCredentials.FromEnvironment(environment).Validate())
            {
                result.AddError(problem);
            }

            if (result.GetValue(certificateAuthority) is { Length: > 0 } file && !File.Exists(file))
            {
                result.AddError($"--openstack-certificate-authority: {file} does not exist");
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            var settings = shared.Read(result);
            var options = new OpenStackOptions
            {
                BackendName = settings.BackendName,
                Credentials = OpenStackCredentials.FromEnvironment(environment),
                ReconciliationPeriod = result.GetValue(period),
                HttpClientTimeout = result.GetValue(timeout),
                CertificateAuthorityFile = result.GetValue(certificateAuthority) is { Length: > 0 } ca ? ca : null,
                ProjectWatchlist = ProjectNames(result.GetValue(watchlist)),
            };
            return DiscovererHost.RunAsync(settings, OpenStackDiscoverer.BackendType, services => services.AddGimbalOpenStackDiscoverer(options), cancellationToken);
        });
        return command;
    }

    /// <summary>The original took one comma-separated value; repeating the flag works too.</summary>
    internal static IReadOnlyList<string> ProjectNames(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    private static Option<TimeSpan> Duration(string name, string description, TimeSpan fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"{name}: \"{text}\" is not a positive duration (e.g. 30s, 5m)");
            return default;
        },
    };
}
