using System.CommandLine;
using Gimbal.ControlPlane.Bootstrap;

namespace Gimbal.ControlPlane.Commands;

/// <summary>`bootstrap FILE`: write an Envoy bootstrap that takes everything over ADS from the control plane.</summary>
public static class BootstrapCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Where to write the bootstrap JSON ('-' for standard output)." };
        var xdsAddress = new Option<string>("--xds-address") { Description = "The control plane's address (DNS name or IP).", DefaultValueFactory = _ => "127.0.0.1" };
        var xdsPort = new Option<int>("--xds-port") { Description = "The control plane's xDS port.", DefaultValueFactory = _ => 8001 };
        var caFile = new Option<string?>("--envoy-cafile") { Description = "CA that signed the control plane's certificate (enables TLS)." };
        var certFile = new Option<string?>("--envoy-cert-file") { Description = "Envoy's client certificate (mTLS)." };
        var keyFile = new Option<string?>("--envoy-key-file") { Description = "Envoy's client key (mTLS)." };
        var adminAddress = new Option<string>("--admin-address") { Description = "Envoy's admin address (keep it on loopback).", DefaultValueFactory = _ => "127.0.0.1" };
        var adminPort = new Option<int>("--admin-port") { Description = "Envoy's admin port.", DefaultValueFactory = _ => 9001 };
        var statsPort = new Option<int>("--stats-port") { Description = "A listener serving only /ready and /stats/prometheus (0: none).", DefaultValueFactory = _ => 8002 };
        var command = new Command("bootstrap", "Write an Envoy bootstrap that uses ADS to this control plane.")
        {
            path, xdsAddress, xdsPort, caFile, certFile, keyFile, adminAddress, adminPort, statsPort,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cert = parse.GetValue(certFile);
            var key = parse.GetValue(keyFile);
            if ((cert is null) != (key is null))
            {
                await Console.Error.WriteLineAsync("gimbal-control-plane: --envoy-cert-file and --envoy-key-file go together");
                return 2;
            }

            var json = BootstrapWriter.Write(new BootstrapOptions
            {
                XdsAddress = parse.GetValue(xdsAddress)!,
                XdsPort = parse.GetValue(xdsPort),
                CaFile = parse.GetValue(caFile),
                CertFile = cert,
                KeyFile = key,
                AdminAddress = parse.GetValue(adminAddress)!,
                AdminPort = parse.GetValue(adminPort),
                StatsPort = parse.GetValue(statsPort),
            });
            var target = parse.GetValue(path)!;
            if (target == "-")
            {
                await Console.Out.WriteLineAsync(json);
            }
            else
            {
                await File.WriteAllTextAsync(target, json, cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
