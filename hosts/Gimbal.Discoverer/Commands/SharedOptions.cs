using System.CommandLine;
using System.Globalization;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discoverer.Commands;

/// <summary>
/// The original discoverers' common flags, added to each subcommand (kubernetes, openstack) and read back as
/// <see cref="DiscovererSettings"/>, so every discoverer is wired the same way.
/// </summary>
internal sealed class SharedOptions
{
    public Option<string> BackendName { get; } = new("--backend-name")
    {
        Description = "Name of the backend; prefixes mirrored names and labels them (gimbal.projectcontour.io/backend).",
        Required = true,
    };

    public Option<string> GimbalKubeconfig { get; } = new("--gimbal-kubecfg-file")
    {
        Description = "Kubeconfig of the Gimbal cluster; empty: in-cluster credentials.",
        DefaultValueFactory = _ => string.Empty,
    };

    public Option<TimeSpan> ResyncInterval { get; } = new("--resync-interval")
    {
        Description = "How often everything is reconciled (and orphans collected), e.g. 30m.",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(30),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"--resync-interval: \"{text}\" is not a positive duration (e.g. 30m, 1h, 90s)");
            return default;
        },
    };

    public Option<int> NumThreads { get; } = new("--num-threads")
    {
        Description = "Workers writing to the Gimbal cluster.",
        DefaultValueFactory = _ => 2,
    };

    public Option<double> GimbalClientQps { get; } = new("--gimbal-client-qps")
    {
        Description = "Requests per second to the Gimbal cluster.",
        DefaultValueFactory = _ => 5,
    };

    public Option<int> GimbalClientBurst { get; } = new("--gimbal-client-burst")
    {
        Description = "Requests allowed in a burst above --gimbal-client-qps.",
        DefaultValueFactory = _ => 10,
    };

    public Option<string> PrometheusListenAddress { get; } = new("--prometheus-listen-address")
    {
        Description = "Address of /metrics, /healthz and /readyz.",
        DefaultValueFactory = _ => "0.0.0.0:8080",
    };

    public Option<bool> Debug { get; } = new("--debug") { Description = "Log at debug level." };

    public Option<bool> CreateNamespaces { get; } = new("--create-namespaces")
    {
        Description = "Create a namespace missing in the Gimbal cluster instead of retrying until it exists.",
    };

    public Option<EndpointsKind> EndpointsKind { get; } = new("--endpoints-kind")
    {
        Description = "Endpoint objects written per mirrored Service: both (Endpoints with skip-mirror, and EndpointSlices; "
            + "3 writes per Service), endpoints (2 writes; in a real cluster the EndpointSlice mirroring controller makes "
            + "the slices), endpointslices (2 writes; no deprecated Endpoints).",
        DefaultValueFactory = _ => Gimbal.Discovery.Mirroring.EndpointsKind.Both,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (EndpointsKinds.TryParse(text, out var kind))
            {
                return kind;
            }

            result.AddError($"--endpoints-kind: \"{text}\" is not one of {string.Join(", ", EndpointsKinds.Names)}");
            return default;
        },
    };

    public SharedOptions()
    {
        EndpointsKind.CompletionSources.Add(EndpointsKinds.Names);
        BackendName.Validators.Add(result =>
        {
            if (!GimbalNames.IsValidBackendName(result.GetValueOrDefault<string>(), out var message))
            {
                result.AddError($"--backend-name: {message}");
            }
        });
        NumThreads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 256)
            {
                result.AddError("--num-threads must be between 1 and 256");
            }
        });
        GimbalClientBurst.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--gimbal-client-burst must be at least 1");
            }
        });
        PrometheusListenAddress.Validators.Add(result =>
        {
            if (!ListenAddress.TryParse(result.GetValueOrDefault<string>(), out _, out _))
            {
                result.AddError($"--prometheus-listen-address: \"{result.GetValueOrDefault<string>()}\" is not host:port");
            }
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { BackendName, GimbalKubeconfig, ResyncInterval, NumThreads, GimbalClientQps, GimbalClientBurst, PrometheusListenAddress, Debug, CreateNamespaces, EndpointsKind })
        {
            command.Options.Add(option);
        }
    }

    public DiscovererSettings Read(ParseResult result) => new(
        result.GetValue(BackendName)!,
        NullIfEmpty(result.GetValue(GimbalKubeconfig)),
        result.GetValue(ResyncInterval),
        result.GetValue(NumThreads),
        result.GetValue(GimbalClientQps),
        result.GetValue(GimbalClientBurst),
        result.GetValue(PrometheusListenAddress)!,
        result.GetValue(Debug),
        result.GetValue(CreateNamespaces),
        result.GetValue(EndpointsKind));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>The --endpoints-kind spellings: the enum names in lower case.</summary>
internal static class EndpointsKinds
{
    public static string[] Names { get; } = [.. Enum.GetValues<EndpointsKind>().Select(Name)];

    public static string Name(EndpointsKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string text, out EndpointsKind kind)
    {
        kind = Enum.GetValues<EndpointsKind>().FirstOrDefault(k => Name(k) == text);
        return Names.Contains(text, StringComparer.Ordinal);
    }
}

/// <summary>"host:port", ":port" or "[v6]:port", as Go's net.Listen takes them.</summary>
internal static class ListenAddress
{
    public static bool TryParse(string? text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            return false;
        }

        host = text[..colon].Trim('[', ']');
        return true;
    }
}
